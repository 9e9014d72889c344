// The builders' option schemas are Angular's own plus our keys, merged at build time: the Angular CLI builds
// its flags from the builder's schema, so one with only our keys breaks `ng serve --port` ("Unknown argument:
// port"). Generated from the newest Angular we support (this package's devDependency); the options are
// validated again against the installed Angular at run time (context.validateOptions), and
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

/** Angular's schema with our properties added; everything else (required, additionalProperties: false) kept. */
export function mergeSchema(angular, extension) {
  const clash = Object.keys(extension.properties).filter((key) => key in angular.properties);
  if (clash.length > 0) throw new Error(`Angular's schema has our keys already: ${clash.join(', ')}`);
  return {
    ...angular,
    title: `${angular.title ?? 'Dev server'} with cors-dev-proxy`,
    properties: { ...angular.properties, ...extension.properties },
  };
}

/** The directory of the `@angular/build` this package builds against. */
export function ownAngularBuildDir() {
  return path.dirname(createRequire(import.meta.url).resolve('@angular/build/package.json'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const schema = mergeSchema(readAngularSchema(ownAngularBuildDir(), 'dev-server'), readExtension());
  mkdirSync(path.join(packageDir, 'dist'), { recursive: true });
  writeFileSync(path.join(packageDir, 'dist/dev-server.schema.json'), `${JSON.stringify(schema, null, 2)}\n`);
}
