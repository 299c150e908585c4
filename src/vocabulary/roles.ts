import type { Role } from './products-roles.js';

/** Roles a role brings with it: a system node is also a k8s node. */
const IMPLIES: Readonly<Partial<Record<Role, readonly Role[]>>> = { 'system-node': ['k8s-node'] };

/** The machine's roles with the ones they imply, without duplicates, in a stable order. */
export function expandRoles(roles: readonly Role[]): Role[] {
  const out: Role[] = [];
  for (const role of roles) {
    for (const r of [role, ...(IMPLIES[role] ?? [])]) if (!out.includes(r)) out.push(r);
  }
  return out;
}
