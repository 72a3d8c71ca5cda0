/**
 * Which revisions of each task-definition family are ACTIVE, as far as the replay has seen.
 * AWS Config charges a deregistration only when it removes the family's latest ACTIVE revision
 * (ECS developer guide, "task definition states"). A family belongs to one account and region.
 */
export class TaskDefinitionState {
  private readonly active = new Map<string, Set<number>>();
  private readonly highest = new Map<string, number>();

  register(scope: string, family: string, revision: number): void {
    const key = `${scope}|${family}`;
    let revisions = this.active.get(key);
    if (!revisions) {
      revisions = new Set();
      this.active.set(key, revisions);
    }
    revisions.add(revision);
    this.highest.set(key, Math.max(revision, this.highest.get(key) ?? 0));
  }

  /**
   * A registration whose record does not say its revision (no responseElements). ECS numbers revisions
   * in registration order, so it is above every revision registered before it: stand it in just above.
   */
  registerUnnumbered(scope: string, family: string): void {
    this.register(scope, family, (this.highest.get(`${scope}|${family}`) ?? 0) + 0.5);
  }

  /** True when the family has a revision the replay knows to be ACTIVE. */
  hasActive(scope: string, family: string): boolean {
    return (this.active.get(`${scope}|${family}`)?.size ?? 0) > 0;
  }

  /** Marks the revision INACTIVE; returns true when it was the family's latest ACTIVE revision. */
  deregister(scope: string, family: string, revision: number): boolean {
    const revisions = this.active.get(`${scope}|${family}`);
    let latest = true;
    if (revisions) {
      for (const r of revisions) if (r > revision) latest = false;
      revisions.delete(revision);
    }
    return latest;
  }
}

/** "web:7" -> { family: "web", revision: 7 }; undefined when there is no revision. */
export function parseFamilyRevision(id: string): { family: string; revision: number } | undefined {
  const colon = id.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const revision = Number(id.slice(colon + 1));
  if (!Number.isInteger(revision) || revision < 1) return undefined;
  return { family: id.slice(0, colon), revision };
}
