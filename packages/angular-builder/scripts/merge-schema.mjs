// The builders' option schemas are Angular's own plus our keys, merged at build time: the Angular CLI builds
// its flags from the builder's schema, so one with only our keys breaks `ng serve --port` ("Unknown argument:
// port"). Generated from the newest Angular we support, with what an older supported major has that the newest
// lacks added (Angular 21's `ssr.experimentalPlatform` is 22's `ssr.platform`): architect checks the options
// against this schema first, then our builder checks them against the installed Angular's own
// (context.validateOptions), which fills its defaults and refuses what that major does not know.
// test/unit/schema.test.ts holds the result against every supported major.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Angular's schema of one builder (`dev-server`), from the `@angular/build` installed at `angularBuildDir`. */
export function readAngularSchema(angularBuildDir, builder) {
  return JSON.parse(readFileSync(path.join(angularBuildDir, 'src/builders', builder, 'schema.json'), 'utf8'));
}

/** Our keys (src/schema.ext.json). */
export function readExtension() {
  return JSON.parse(readFileSync(path.join(packageDir, 'src/schema.ext.json'), 'utf8'));
}

/**
 * The newest schema, with what an older one adds: properties it lacks (at any depth) and enum values. Where
 * both have a value, the newest wins; a default only the older major has is left to its own validation.
 */
export function unionSchemas(newest, older) {
  if (Array.isArray(newest) || !newest || typeof newest !== 'object') return newest;
  if (!older || typeof older !== 'object' || Array.isArray(older)) return newest;
  const merged = { ...newest };
  for (const [key, value] of Object.entries(newest)) {
    if (key === 'enum' && Array.isArray(older.enum)) {
      merged.enum = [...value, ...older.enum.filter((entry) => !value.includes(entry))];
    } else if (key === 'oneOf' || key === 'anyOf') {
      merged[key] = value.map((entry, at) => unionSchemas(entry, older[key]?.[at]));
    } else if (key === 'properties' || key === 'definitions') {
      merged[key] = { ...value };
      for (const [name, schema] of Object.entries(older[key] ?? {})) {
        merged[key][name] = name in value ? unionSchemas(value[name], schema) : schema;
      }
    } else if (key !== 'default' && typeof value === 'object') {
      merged[key] = unionSchemas(value, older[key]);
    }
  }
  return merged;
}

/** Angular's schema with our properties added; everything else (required, definitions, additionalProperties: false) kept. */
export function mergeSchema(angular, extension) {
  const clash = Object.keys(extension.properties).filter((key) => key in angular.properties);
  if (clash.length > 0) throw new Error(`Angular's schema has our keys already: ${clash.join(', ')}`);
  return {
    ...angular,
    title: `${angular.title ?? 'Angular builder'} with cors-dev-proxy`,
    properties: { ...angular.properties, ...extension.properties },
  };
}

/** The `@angular/build` of each supported major this package builds against, newest first (devDependencies). */
export const supportedAngularBuilds = ['@angular/build', '@angular/build-21'];

/** One builder's schema as we ship it: the supported majors' schemas united, plus our keys. */
export function shippedSchema(builder) {
  const require = createRequire(import.meta.url);
  const schemas = supportedAngularBuilds.map((name) =>
    readAngularSchema(path.dirname(require.resolve(`${name}/package.json`)), builder),
  );
  return mergeSchema(schemas.reduce(unionSchemas), readExtension());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(path.join(packageDir, 'dist'), { recursive: true });
  for (const builder of ['dev-server', 'application']) {
    const schema = shippedSchema(builder);
    writeFileSync(
      path.join(packageDir, `dist/${builder}.schema.json`),
      `${JSON.stringify(schema, null, 2)}\n`,
    );
  }
}
