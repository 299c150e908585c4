import type { Target } from '../schema/index.js';
import { facts, type NoteDraft } from './classify-types.js';

function routeWords(via: Target['via'], proxy: string | undefined): string {
  return via === 'proxy' ? `through the proxy ${proxy ?? ''}`.trim() : 'directly';
}

/** Whose route a runtime client took, when it is not plainly the shell's: its own service's that differs, or the shell's standing in. */
function runtimeRouteNotes(target: Target): NoteDraft[] {
  const route = target.runtimeRoute;
  if (route === undefined) return [];
  if (route.source === 'shell') return [{ code: 'runtime.route-standing-in', facts: facts({ shellRoute: routeWords(target.via, route.shellProxy) }) }];
  if (route.source !== 'runtime') return [];
  const runtimeRoute = routeWords(target.via, route.proxy);
  const shellRoute = routeWords(route.shellVia, route.shellProxy);
  if (runtimeRoute === shellRoute) return [];
  return [{ code: 'runtime.route-differs', facts: facts({ runtime: route.runtime, runtimeRoute, shellRoute }) }];
}

const DISCOVERED_WORDS = { layer: 'the layer download', token: 'the token service', redirect: 'a request' } as const;

/** What the target itself says about how it was reached: the runtime's route, a host found by following a pull. */
export function targetNotes(target: Target): NoteDraft[] {
  const notes = runtimeRouteNotes(target);
  if (target.mirror !== undefined) notes.push({ code: 'registry.mirror-used', facts: facts({ mirrorOf: target.mirror.of, source: target.mirror.source, image: target.pull?.[0]?.ref }) });
  if (target.discovered !== undefined) notes.push({ code: 'registry.discovered-host', facts: facts({ registry: target.discovered.by.join(', '), pullPurpose: DISCOVERED_WORDS[target.discovered.purpose] }) });
  return notes;
}
