import { describe, expect, it } from 'vitest';
import { hostCommandError, isHostCommandError, HOST_COMMAND_ERROR } from '../../../agent/host/backend.js';

describe('HostCommandError', () => {
  it('carries the facts, a one-line shortMessage and a message with stderr', () => {
    const cause = new Error('exit 71');
    const e = hostCommandError({ command: ['ngctl', 'mkpeer', 'br0:', 'eiface', 'link 1', 'ether'], exitCode: 71, stderr: 'ngctl: send msg: File exists\n', cause });
    expect(e).toMatchObject({ code: HOST_COMMAND_ERROR, command: ['ngctl', 'mkpeer', 'br0:', 'eiface', 'link 1', 'ether'], exitCode: 71, stderr: 'ngctl: send msg: File exists\n' });
    expect(e.shortMessage).toBe("Command failed with exit code 71: ngctl mkpeer br0: eiface 'link 1' ether");
    expect(e.message).toBe(`${e.shortMessage}\nngctl: send msg: File exists`);
    expect(e.cause).toBe(cause);
    expect(e.name).toBe('HostCommandError');
    expect(Object.keys(e)).not.toContain('name');
  });

  it('says when a command did not run at all', () => {
    const e = hostCommandError({ command: ['jls'], exitCode: null, stderr: '', reason: 'was not found on PATH' });
    expect(e.shortMessage).toBe('Command was not found on PATH: jls');
    expect(e.message).toBe(e.shortMessage);
  });

  it('is recognised by its brand, also on plain objects from another module copy', () => {
    expect(isHostCommandError(hostCommandError({ command: ['x'], exitCode: 1, stderr: '' }))).toBe(true);
    expect(isHostCommandError({ code: HOST_COMMAND_ERROR })).toBe(true);
    expect(isHostCommandError(new Error('x'))).toBe(false);
    expect(isHostCommandError(null)).toBe(false);
    expect(isHostCommandError('ERR')).toBe(false);
  });
});
