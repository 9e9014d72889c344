import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  mergeSchema,
  ownAngularBuildDir,
  readAngularSchema,
  readExtension,
} from '../../scripts/merge-schema.mjs';

const hostsDir = fileURLToPath(new URL('../../../../test/angular-hosts/', import.meta.url));
const majors = { ng21: '21.', ng22: '22.' } as const;

/** The `@angular/build` installed for one supported major (test/angular-hosts/<host>). */
function angularBuildDir(host: keyof typeof majors): string {
  const require = createRequire(path.join(hostsDir, host, 'package.json'));
  return path.dirname(require.resolve('@angular/build/package.json'));
}

/** A property as the CLI reads it to build a flag: everything but the prose, which differs between majors. */
function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'description')
      .map(([key, entry]) => [key, withoutDescriptions(entry)]),
  );
}

// The CLI builds `ng serve`'s flags from our schema: a stock option missing from it is "Unknown argument".
describe.each(Object.keys(majors) as (keyof typeof majors)[])('the dev-server schema on %s', (host) => {
  const shipped = mergeSchema(readAngularSchema(ownAngularBuildDir(), 'dev-server'), readExtension());
  const dir = angularBuildDir(host);
  const installed = readAngularSchema(dir, 'dev-server');

  it('is read from that major', () => {
    const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(version.startsWith(majors[host])).toBe(true);
  });

  it("has exactly Angular's properties plus corsDevProxy and corsDevProxyConfig", () => {
    expect(Object.keys(shipped.properties).sort()).toEqual(
      [...Object.keys(installed.properties), 'corsDevProxy', 'corsDevProxyConfig'].sort(),
    );
  });

  it("keeps each stock option's type, enum, default and aliases, and Angular's required and closed keys", () => {
    for (const [key, property] of Object.entries(installed.properties)) {
      expect(withoutDescriptions(shipped.properties[key]), key).toEqual(withoutDescriptions(property));
    }
    expect(shipped.required).toEqual(installed.required);
    expect(shipped.additionalProperties).toBe(false);
  });
});
