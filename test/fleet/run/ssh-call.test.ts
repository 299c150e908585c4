import { describe, expect, it } from 'vitest';
import { sshDestinationProblem } from '../../../src/fleet/run/host-name.js';
import { sshArgv, sshExitArgv, type SshSettings } from '../../../src/fleet/run/ssh-argv.js';
import { classifySshFailure, sshErrorLine } from '../../../src/fleet/run/ssh-failure.js';

const SETTINGS: SshSettings = { ssh: 'ssh', controlDir: '/tmp/netreq-fleet-x', connectTimeoutS: 7, persistS: 60, acceptNew: false };

describe('ssh destinations', () => {
  it.each([
    ['gpu001', undefined],
    ['root@gpu001.cluster.local', undefined],
    ['10.1.7.17', undefined],
    ['fd00::17', undefined],
    ['node_a', undefined],
  ])('fleet 5: %s is a destination', (name, problem) => {
    expect(sshDestinationProblem(name)).toBe(problem);
  });

  it.each([
    ['-oProxyCommand=touch /tmp/x', /starts with "-"/],
    ['-J', /starts with "-"/],
    ['', /empty/],
    ['gpu 001', /not a host name/],
    ['gpu001;reboot', /not a host name/],
    ['gpu$(id)', /not a host name/],
    ['-x@gpu', /starts with "-"/],
    ['a b@gpu', /not a user name/],
    ['root@', /no host/],
    ['fd00::1;x', /not an IPv6/],
  ])('fleet 5: %j is refused', (name, problem) => {
    expect(sshDestinationProblem(name)).toMatch(problem);
  });
});

describe('ssh argv', () => {
  it('fleet 5: batch mode, multiplexing in the private folder, deadlines, and -- before the host', () => {
    const argv = sshArgv(SETTINGS, 'gpu001', 'sh -c true');
    expect(argv.slice(-3)).toEqual(['--', 'gpu001', 'sh -c true']);
    const options = argv.filter((_, i) => argv[i - 1] === '-o');
    expect(options).toEqual(expect.arrayContaining([
      'BatchMode=yes', 'ControlMaster=auto', 'ControlPath=/tmp/netreq-fleet-x/%C', 'ControlPersist=60', 'ConnectTimeout=7',
    ]));
    expect(argv.join(' ')).not.toMatch(/StrictHostKeyChecking/);
  });

  it('fleet 5: host keys are accepted only when asked for, and never with checking turned off', () => {
    const argv = sshArgv({ ...SETTINGS, acceptNew: true }, 'gpu001', 'true').join(' ');
    expect(argv).toContain('StrictHostKeyChecking=accept-new');
    expect(argv).not.toMatch(/StrictHostKeyChecking=no|UserKnownHostsFile=\/dev\/null/);
  });

  it('fleet 1: a jump host and a configuration file come before the --', () => {
    const argv = sshArgv({ ...SETTINGS, jump: 'head01', configFile: '/etc/fleet/ssh_config' }, 'gpu001', 'true');
    const dashes = argv.indexOf('--');
    expect(argv.indexOf('-J')).toBeLessThan(dashes);
    expect(argv[argv.indexOf('-J') + 1]).toBe('head01');
    expect(argv[argv.indexOf('-F') + 1]).toBe('/etc/fleet/ssh_config');
  });

  it('fleet 5: a host or a jump host that ssh would read as an option throws', () => {
    expect(() => sshArgv(SETTINGS, '-oProxyCommand=sh', 'true')).toThrow(/starts with "-"/);
    expect(() => sshArgv({ ...SETTINGS, jump: 'head01,-oProxyCommand=x' }, 'gpu001', 'true')).toThrow(/--ssh-jump/);
    expect(() => sshExitArgv(SETTINGS, '-x')).toThrow(/starts with "-"/);
    expect(sshExitArgv(SETTINGS, 'gpu001').slice(-2)).toEqual(['--', 'gpu001']);
  });
});

// The stderr lines are OpenSSH 9.2's own (sshconnect.c, sshconnect2.c), as it printed them here.
describe('ssh failures', () => {
  it.each([
    ['root@10.9.0.3: Permission denied (publickey).', 'node.ssh-auth'],
    [
      '@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@@@@@\nIT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\nHost key verification failed.',
      'node.host-key-changed',
    ],
    ['No ED25519 host key is known for 10.9.0.3 and you have requested strict checking.\nHost key verification failed.', 'node.host-key-unknown'],
    ['ssh: connect to host 10.9.0.3 port 22: Connection timed out', 'node.timeout'],
    ['ssh: connect to host 10.9.0.3 port 22: No route to host', 'node.unreachable'],
    ['ssh: connect to host 10.9.0.3 port 22: Connection refused', 'node.unreachable'],
    ['ssh: Could not resolve hostname gpu999: Name or service not known', 'node.unreachable'],
    ['kex_exchange_identification: read: Connection reset by peer', 'node.unreachable'],
    ['something new', 'node.unreachable'],
  ])('fleet 4: %j is %s', (stderr, cause) => {
    expect(classifySshFailure(255, stderr)?.cause).toBe(cause);
  });

  it('fleet 4: a remote command that failed is not an ssh failure', () => {
    expect(classifySshFailure(1, 'Permission denied (publickey).')).toBeUndefined();
    expect(classifySshFailure(0, '')).toBeUndefined();
  });

  it('fleet 5: the detail is one printable line of at most 300 characters', () => {
    expect(sshErrorLine('Warning: Permanently added x\nssh: connect to host a port 22: No route to host\n')).toBe('ssh: connect to host a port 22: No route to host');
    expect(sshErrorLine('\u001b[31mevil\u0007')).toBe('?[31mevil?');
    expect(sshErrorLine('x'.repeat(1000))).toHaveLength(300);
  });
});
