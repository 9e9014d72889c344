import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readAngularSchema, shippedSchema } from '../../scripts/merge-schema.mjs';

const hostsDir = fileURLToPath(new URL('../../../../test/angular-hosts/', import.meta.url));
const majors = { ng21: '21.', ng22: '22.' } as const;

/** The `@angular/build` installed for one supported major (test/angular-hosts/<host>). */
function angularBuildDir(host: keyof typeof majors): string {
  const require = createRequire(path.join(hostsDir, host, 'package.json'));
  return path.dirname(require.resolve('@angular/build/package.json'));
}

/**
 * Whether ours accepts everything the installed major's schema describes, the same way: each property (at any
 * depth) with the same type, each enum value, each default ours has equal to the installed one (a default ours
 * lacks is filled by context.validateOptions from the installed Angular; one that differed would win, as
 * architect applies ours first). Returns the first difference as a path, or undefined.
 */
function differenceFrom(installed: unknown, ours: unknown, at = ''): string | undefined {
  if (!installed || typeof installed !== 'object') {
    return JSON.stringify(installed) === JSON.stringify(ours) ? undefined : `${at}: ${JSON.stringify(ours)}`;
  }
  if (!ours || typeof ours !== 'object') return `${at}: missing`;
  const shipped = ours as Record<string, unknown>;
  for (const [key, value] of Object.entries(installed)) {
    if (key === 'description') continue;
    if (key === 'default' && !('default' in shipped)) continue;
    if (key === 'enum') {
      const missing = (value as unknown[]).filter(
        (entry) => !(shipped.enum as unknown[] | undefined)?.includes(entry),
      );
      if (missing.length > 0) return `${at}.enum: lacks ${JSON.stringify(missing)}`;
      continue;
    }
    const found = differenceFrom(value, shipped[key], `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}

const cases = (Object.keys(majors) as (keyof typeof majors)[]).flatMap((host) =>
  (['dev-server', 'application'] as const).map((builder) => [builder, host] as const),
);

// The CLI builds `ng serve`'s and `ng build`'s flags from our schemas: a stock option missing from one is
// "Unknown argument".
describe.each(cases)('the %s schema on %s', (builder, host) => {
  const shipped = shippedSchema(builder);
  const dir = angularBuildDir(host);
  const installed = readAngularSchema(dir, builder);

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

  it("accepts each stock option as that major describes it, and keeps Angular's required and closed keys", () => {
    expect(differenceFrom(installed.properties, shipped.properties, 'properties')).toBeUndefined();
    expect(differenceFrom(installed.definitions, shipped.definitions, 'definitions')).toBeUndefined();
    expect(shipped.required).toEqual(installed.required);
    expect(shipped.additionalProperties).toBe(false);
  });
});
