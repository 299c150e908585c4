// A real containerd (the consumer the pull probe imitates) on a socket in a temporary folder, with
// its own root and state, the CRI plugin off; `ctr` talks to it. Needs root. Stopped after.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execTracked, spawnTracked, type ExecResult, type TrackedProcess } from './proc.js';

export interface Containerd {
  readonly address: string;
  readonly process: TrackedProcess;
  /** `ctr -a ADDRESS -n netreq ARGS...`, killed after `timeoutMs`. */
  ctr(args: readonly string[], timeoutMs?: number): Promise<ExecResult>;
  stop(): Promise<void>;
}

export interface ContainerdOptions {
  /** Content written by each containerd namespace itself (`content_sharing_policy = "isolated"`): a fetch never reuses another's blobs. */
  readonly isolatedContent?: boolean;
}

function config(folder: string, address: string, options: ContainerdOptions): string {
  return [
    'version = 2',
    `root = "${join(folder, 'root')}"`,
    `state = "${join(folder, 'state')}"`,
    'disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]',
    '[grpc]',
    `  address = "${address}"`,
    '[ttrpc]',
    `  address = "${address}.ttrpc"`,
    '[debug]',
    '  address = ""',
    '[metrics]',
    '  address = ""',
    ...(options.isolatedContent === true ? ['[plugins."io.containerd.metadata.v1.bolt"]', '  content_sharing_policy = "isolated"'] : []),
    '',
  ].join('\n');
}

export async function startContainerd(options: ContainerdOptions = {}): Promise<Containerd> {
  const folder = mkdtempSync(join(tmpdir(), 'netreq-containerd-'));
  const address = join(folder, 'containerd.sock');
  const file = join(folder, 'config.toml');
  writeFileSync(file, config(folder, address, options));
  const process = spawnTracked('containerd', ['--config', file]);
  const stop = async (): Promise<void> => {
    await process.stop();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await process.waitForOutput(/containerd successfully booted/, 15_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    address,
    process,
    ctr: (args, timeoutMs = 15_000) => execTracked('ctr', ['-a', address, '-n', 'netreq', ...args], { timeoutMs }),
    stop,
  };
}
