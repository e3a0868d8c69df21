// The mechanics shared by the console's topbar panels (WhatsApp, reminders): a button that opens and closes a panel
// that refreshes itself on a timer while it is open and the page is visible, and reports its failures on the console.
/* global document, setInterval, clearInterval */
import { byId, show } from './dom.js';

/**
 * Wires a topbar button to the panel it opens, at once and for the page's life. The elements are found by `name`:
 * `#<name>-button` (the topbar button, hidden to those without access), `#<name>-panel`, its focusable heading
 * `#<name>-title` and its close button `#<name>-close`.
 *
 * Opening shows the panel, sets the button's `aria-expanded`, calls `onOpen`, calls `refresh` and then again every
 * `pollMs` while the page is visible (and as soon as it becomes visible again), and moves the focus to the title. The
 * button toggles the panel; the close button and Escape inside the panel close it, which stops the timer and gives the
 * focus back to the button.
 *
 * @param {object} options
 * @param {string} options.name The prefix of the elements' ids, e.g. `whatsapp`.
 * @param {number} options.pollMs How often, in milliseconds, the open panel refreshes.
 * @param {() => Promise<void>} options.refresh Reads and draws the panel's content (reporting a failure with `refreshFailed`).
 * @param {() => void} [options.onOpen] Called once the panel shows, before the first refresh (to draw what is known).
 * @param {() => void} [options.onAccessLost] Called after the panel closes because access was withdrawn (to forget what it held).
 * @returns The panel's handle:
 *   - `connect({ announce, errorText })` takes the console's status message and error wording (until then nothing is announced);
 *   - `announce(text)` shows a message on the console's status line;
 *   - `refreshFailed(error)` closes the panel when the session is refused (401, 403) and announces any other failure;
 *   - `act(actionButton, run)` awaits `run()` with `actionButton` disabled, announcing its failure;
 *   - `isOpen()` tells whether the panel shows;
 *   - `current()`, taken when a request starts, returns a check telling, when its answer arrives, whether the panel is still
 *     in the same opening (not closed or reopened since), so that a late answer is not drawn;
 *   - `setAccess(allowed)` shows or hides the button and, without access, closes the panel and calls `onAccessLost`.
 */
export function makePolledPanel({ name, pollMs, refresh, onOpen = () => {}, onAccessLost = () => {} }) {
  const button = byId(`${name}-button`);
  const panel = byId(`${name}-panel`);
  const title = byId(`${name}-title`);
  const hooks = { announce: () => {}, errorText: (error) => String(error) };
  let timer = null;
  /** Bumped on every open and close; see `current`. */
  let generation = 0;

  function openPanel() {
    generation += 1;
    show(panel, true);
    button.setAttribute('aria-expanded', 'true');
    onOpen();
    clearInterval(timer);
    timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, pollMs);
    void refresh();
    title.focus();
  }

  function closePanel() {
    generation += 1;
    clearInterval(timer);
    timer = null;
    const wasOpen = !panel.hidden;
    show(panel, false);
    button.setAttribute('aria-expanded', 'false');
    if (wasOpen && !button.hidden) button.focus();
  }

  function announceFailure(error) {
    hooks.announce(hooks.errorText(error), 'error');
  }

  button.addEventListener('click', () => (panel.hidden ? openPanel() : closePanel()));
  byId(`${name}-close`).addEventListener('click', closePanel);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closePanel();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && timer) void refresh();
  });

  return {
    connect({ announce, errorText }) {
      hooks.announce = announce;
      hooks.errorText = errorText;
    },
    announce(text) {
      hooks.announce(text);
    },
    refreshFailed(error) {
      if (error.status === 401 || error.status === 403) closePanel();
      else announceFailure(error);
    },
    async act(actionButton, run) {
      actionButton.disabled = true;
      try {
        await run();
      } catch (error) {
        announceFailure(error);
      } finally {
        actionButton.disabled = false;
      }
    },
    isOpen: () => !panel.hidden,
    current() {
      const at = generation;
      return () => at === generation;
    },
    setAccess(allowed) {
      show(button, allowed);
      if (!allowed) {
        closePanel();
        onAccessLost();
      }
    },
  };
}
