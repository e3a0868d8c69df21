// Small DOM helpers: every piece of text is set with textContent, never parsed as HTML.
/* global document */

/** Creates an element: `options.text` becomes its text, `options.attrs` its attributes, `options.className` its classes. */
export function el(tag, options = {}, children = []) {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined && options.text !== null) element.textContent = String(options.text);
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, handler] of Object.entries(options.on ?? {})) element.addEventListener(name, handler);
  for (const child of children) if (child) element.append(child);
  return element;
}

/** The element with this id (throws when the page lacks it, a programming error). */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`missing #${id}`);
  return element;
}

/** Removes every child of `element`. */
export function clear(element) {
  element.replaceChildren();
}

/** Shows or hides an element with the hidden attribute. */
export function show(element, visible) {
  element.hidden = !visible;
}
