import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_DIRECTIVES,
} from './content-security-policy';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
}

describe('CONTENT_SECURITY_POLICY', () => {
  const policy = directives(CONTENT_SECURITY_POLICY);

  it('is the directives joined, each named once', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY_DIRECTIVES.join('; '));
    expect(policy.size).toBe(CONTENT_SECURITY_POLICY_DIRECTIVES.length);
  });

  it('refuses by default and runs only our own scripts: no inline script, no eval', () => {
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('script-src')).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes/);
    expect(policy.get('script-src')).not.toContain('unsafe-inline');
  });

  it("connects only to the page's own origin (web mode's channel websocket), nowhere else", () => {
    expect(policy.get('connect-src')).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*/);
  });

  it('allows no plugins, frames, workers, forms, base changes or framing by others', () => {
    for (const name of [
      'object-src',
      'base-uri',
      'form-action',
      'frame-src',
      'worker-src',
      'frame-ancestors',
    ]) {
      expect(policy.get(name), name).toBe("'none'");
    }
  });
});
