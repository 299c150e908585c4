// What the fleet runner and `netreq fleet agent` on a node say to each other: one JSON object a
// line. The runner's lines are its own; the agent's are untrusted input, each validated here (and
// the Report it carries by the Report schema, as any report read from a file).
import { z } from 'zod';

const Port = z.number().int().min(0).max(65535);
const Transport = z.enum(['tcp', 'udp']);

export const AgentMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('started'), version: z.string().max(64), root: z.boolean() }).strict(),
  z.object({
    t: z.literal('listening'),
    token: z.string().regex(/^[A-Za-z0-9_-]{4,64}$/),
    opened: z.array(z.object({ port: Port, transport: Transport }).strict()).max(4096),
    failed: z.array(z.object({ port: Port, transport: Transport, code: z.string().regex(/^[A-Z0-9_]{1,32}$/) }).strict()).max(4096),
  }).strict(),
  // `report` is validated by the Report schema apart, so that its problems can be named.
  z.object({ t: z.literal('report'), exit: z.number().int().min(0).max(255), report: z.unknown() }).strict(),
  z.object({ t: z.literal('error'), message: z.string().max(4000) }).strict(),
]);
export type AgentMessage = z.infer<typeof AgentMessage>;

/** What the runner asks: open the listener with these `listen` flags; check with these `check` flags. */
export const AgentRequest = z.discriminatedUnion('t', [
  z.object({ t: z.literal('listen'), argv: z.array(z.string().max(4096)).max(256) }).strict(),
  z.object({ t: z.literal('check'), argv: z.array(z.string().max(4096)).max(20_000) }).strict(),
]);
export type AgentRequest = z.infer<typeof AgentRequest>;

/** A line from a node: the report line may be large (a big site's Report), the others are small. */
export const AGENT_LIMITS = { maxLineBytes: 32 * 1024 * 1024, maxStderrBytes: 64 * 1024 } as const;

/** One line of the agent, parsed; an Error naming what is wrong when it is not a message. */
export function parseAgentLine(line: string): AgentMessage | Error {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return new Error('the node sent a line that is not JSON');
  }
  const parsed = AgentMessage.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return new Error(`the node sent an unexpected message (${issue ? `${issue.path.join('.') || 'top level'}: ${issue.message}` : 'invalid'})`);
  }
  return parsed.data;
}
