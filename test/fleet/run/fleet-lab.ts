// The fleet tests' lab moved to the harness (test/harness/node-sshd.ts), which the bench shares.
export * from '../../harness/node-sshd.js';
