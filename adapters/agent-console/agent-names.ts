// Display names of agents seen by this instance (from their sessions), for live message events.

/** A bounded id → name map; the oldest entry goes when it is full. */
export class AgentNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly capacity = 1000) {}

  /** Remembers an agent's name. */
  remember(agentId: string, name: string): void {
    this.names.delete(agentId);
    this.names.set(agentId, name);
    if (this.names.size > this.capacity) {
      const oldest = this.names.keys().next().value;
      if (oldest !== undefined) this.names.delete(oldest);
    }
  }

  /** The name of an agent, or null when this instance has not seen them. */
  nameOf(agentId: string): string | null {
    return this.names.get(agentId) ?? null;
  }
}
