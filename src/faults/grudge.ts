/**
 * Who drops whom in a partition, as data (Jepsen's "grudge": each node → the nodes it drops),
 * computed before anything is applied, and the iptables rules that carry it out. Pure: the
 * partition fault resolves names to nodes, asks these functions, then runs the rules.
 */

/** node name → the names of the nodes it drops packets to and from */
export type Grudge = ReadonlyMap<string, ReadonlySet<string>>;

/** Every node drops every node outside its own group (Jepsen's complete-grudge). */
export function completeGrudge(groups: readonly (readonly string[])[]): Grudge {
  const grudge = new Map<string, Set<string>>();
  groups.forEach((group, i) => {
    const others = groups.filter((_, j) => j !== i).flat();
    for (const node of group) {
      const dropped = grudge.get(node) ?? new Set<string>();
      for (const other of others) if (other !== node) dropped.add(other);
      grudge.set(node, dropped);
    }
  });
  return grudge;
}

/**
 * One-way (Jepsen's): the first group stops hearing every other node; they still hear it. Only
 * the first group's nodes hold a grudge, and only against what arrives.
 */
export function oneWayGrudge(groups: readonly (readonly string[])[]): Grudge {
  const [first = [], ...rest] = groups;
  const others = rest.flat();
  return new Map(first.map((node) => [node, new Set(others.filter((o) => o !== node))]));
}

/**
 * Jepsen's majorities-ring: every node hears a majority (itself and its neighbours on `ring`), no
 * two nodes hear the same majority. Each node is the middle of a window of a majority's size
 * sliding round the ring and drops what comes from the nodes outside its window. The drops are
 * incoming only, as Jepsen's; over TCP a pair with either direction dropped cannot talk, so with
 * five nodes each talks to its two neighbours, and with three every pair is cut one way.
 */
export function majoritiesRingGrudge(ring: readonly string[]): Grudge {
  const n = ring.length;
  const majority = Math.floor(n / 2) + 1;
  const grudge = new Map<string, Set<string>>();
  for (let start = 0; start < n; start++) {
    const window = Array.from({ length: majority }, (_, i) => ring[(start + i) % n] as string);
    const middle = window[Math.floor(majority / 2)] as string;
    grudge.set(middle, new Set(ring.filter((node) => !window.includes(node))));
  }
  return grudge;
}

/** One node against everyone else on the network. */
export function isolationGroups(isolated: string, everyone: readonly string[]): string[][] {
  return [[isolated], everyone.filter((n) => n !== isolated)];
}

/** Whether `a` and `b` can still reach each other under `grudge` (drops are both ways). */
export function canReach(grudge: Grudge, a: string, b: string): boolean {
  return !grudge.get(a)?.has(b) && !grudge.get(b)?.has(a);
}

/**
 * A node's rules in its own chain: drop everything from and to each address it holds a grudge
 * against — or, one-way (`incoming`), only what comes from it.
 */
export function dropRules(chain: string, peerAddresses: readonly string[], incoming = false): string[] {
  return peerAddresses.flatMap((ip) => [
    `iptables -A ${chain} -s ${ip} -j DROP`,
    ...(incoming ? [] : [`iptables -A ${chain} -d ${ip} -j DROP`]),
  ]);
}

/**
 * Cuts the workload off a node and nothing else: client traffic reaches PostgreSQL's port 5432
 * from the network's gateway, the harness's own probes use 5433, so the node stays observable.
 */
export function clientCutRule(chain: string, gateway: string): string {
  return `iptables -A ${chain} -p tcp -s ${gateway} -m conntrack --ctorigdstport 5432 -j DROP`;
}

/** The whole command that installs a fault's chain on one node, hooked into pgdrill's PGDRILL chain. */
export function installChain(chain: string, rules: readonly string[]): string {
  return [`iptables -N ${chain}`, ...rules, `iptables -A PGDRILL -j ${chain}`].join(' && ');
}

/** Undoes `installChain`: unhook, flush, delete. */
export function removeChain(chain: string): string {
  return `iptables -D PGDRILL -j ${chain} && iptables -F ${chain} && iptables -X ${chain}`;
}

/**
 * Whether a partition cuts the clients off writing (RTO starts at it): the clients were cut
 * from the primary, a proxy they go through is on another side than the primary, or (under Patroni) some etcd member is on the far side of the primary's
 * group, so the leader may lose its lease and demote itself.
 */
export function partitionDisruptsWrites(input: {
  groups: readonly (readonly string[])[];
  primary: string;
  clientsCutFrom: readonly string[];
  etcdMembers: readonly string[];
  /** the proxies the clients go through (PgBouncer, HAProxy): one cut off from the primary cuts them off */
  clientPath?: readonly string[];
}): boolean {
  if (input.clientsCutFrom.includes(input.primary)) return true;
  const primaryGroup = input.groups.find((g) => g.includes(input.primary));
  const cutProxy = (input.clientPath ?? []).some(
    (proxy) => input.groups.some((g) => g.includes(proxy)) && !primaryGroup?.includes(proxy),
  );
  if (cutProxy) return true;
  return input.etcdMembers.some((member) => !primaryGroup?.includes(member));
}
