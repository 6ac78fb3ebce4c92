/**
 * Faults in force. Every fault that can be undone registers how, at the moment it is applied;
 * `heal` undoes matching ones newest first, and the run heals whatever is left before it
 * gathers evidence, so logs and data are read from a cluster that is whole again.
 */
export interface ActiveFault {
  /** the fault kind that applied it (`heal of: KIND` matches on it) */
  kind: string;
  /** nodes the fault acts on */
  nodes: string[];
  description: string;
  heal(): Promise<void>;
}

export class ActiveFaults {
  private readonly active: ActiveFault[] = [];

  add(fault: ActiveFault): void {
    this.active.push(fault);
  }

  list(): readonly ActiveFault[] {
    return this.active;
  }

  /** Heals, newest first, every fault `matches` selects (all by default); returns what was healed. */
  async heal(matches: (fault: ActiveFault) => boolean = () => true): Promise<ActiveFault[]> {
    const healed: ActiveFault[] = [];
    for (let i = this.active.length - 1; i >= 0; i--) {
      const fault = this.active[i]!;
      if (!matches(fault)) continue;
      await fault.heal();
      this.active.splice(i, 1);
      healed.push(fault);
    }
    return healed;
  }
}
