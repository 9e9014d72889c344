// Dependency rules, checked by `pnpm run lint:deps` (part of `npm test`). ARCHITECTURE.md, "Folder order".

const CORE = 'packages/shared/src/';

/**
 * The core's folders, bottom to top: a file may import its own folder and any folder below it, never one above.
 * Adding a folder is one line here. A folder that does not exist yet costs nothing.
 */
const LAYERS = [
  // The base: every file at src/ root but the entries (errors, logger, debug, warnings), and the ambient types.
  { name: 'base', path: `^${CORE}(?!index\\.ts$)[^/]+$|^${CORE}types/` },
  folder('outbound'),
  folder('cors'),
  folder('config'),
  folder('audit'),
  folder('browser'),
  folder('dashboard'),
  folder('proxy'),
  folder('host'),
  folder('cli'),
];

/** The public entry points, above every layer: the only core files an adapter may import. */
const ENTRIES = [
  { specifier: 'cors-dev-proxy', source: 'index.ts' },
  { specifier: 'cors-dev-proxy/host', source: 'host/index.ts' },
];

/** Host packages the core must never import, types included: the core knows no host. */
const HOST_PACKAGES = [
  'vite',
  'vite\\d+', // version aliases (`vite7`)
  'webpack',
  'webpack-cli',
  'webpack-dev-server',
  'webpack-dev-middleware',
  '@rspack/[^/]+',
  '@angular/[^/]+',
  '@angular-devkit/[^/]+',
];

function folder(name) {
  return { name: `${name}/`, path: `^${CORE}${name}/` };
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const entrySources = ENTRIES.map((entry) => `^${CORE}${escapeRegExp(entry.source)}$`);
const ruleName = (name) => name.replace(/\/$/, '');
// `host/index.ts` is built as `dist/host.mjs`, `index.ts` as `dist/index.mjs`.
const builtName = (source) => source.replace(/\/index\.ts$|\.ts$/, '');

const layerRules = LAYERS.slice(0, -1).map((layer, index) => {
  const above = LAYERS.slice(index + 1);
  return {
    name: `layer-order-${ruleName(layer.name)}`,
    severity: 'error',
    comment:
      `${layer.name} is below ${above.map((l) => l.name).join(', ')} in the core's folder order ` +
      `(${LAYERS.map((l) => l.name).join(' < ')}): move what both need down to ${layer.name} or below, ` +
      'or pass it in from above. ARCHITECTURE.md, "Folder order".',
    from: { path: layer.path, pathNot: entrySources },
    to: { path: above.map((l) => l.path) },
  };
});

export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This import closes a cycle (the modules on it are listed after the arrow). ' +
        'Break it by moving what both need into a module below both.',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'layer-order-entries',
      severity: 'error',
      comment:
        `The public entry points (${ENTRIES.map((e) => `src/${e.source}`).join(', ')}) sit on top of the core's ` +
        'folder order: ' +
        'only an entry may import an entry. Import the module that defines the thing instead.',
      from: { path: `^${CORE}`, pathNot: entrySources },
      to: { path: entrySources },
    },
    {
      name: 'core-imports-no-host',
      severity: 'error',
      comment:
        'The core (packages/shared) knows no host: it never imports vite, webpack, rspack or Angular, not even ' +
        "their types. Put host glue in that host's adapter package.",
      from: { path: '^packages/shared/src/' },
      to: { path: `(^|/node_modules/)(${HOST_PACKAGES.join('|')})(/|$)` },
    },
    {
      name: 'adapter-uses-core-entries',
      severity: 'error',
      comment:
        `Adapters import the core only through its public entry points (${ENTRIES.map((e) => `'${e.specifier}'`).join(', ')}), ` +
        'never a deep path or a relative path into packages/shared. Export what you need from an entry.',
      from: { path: '^packages/(?!shared/)[^/]+/src/' },
      to: {
        path: ['^packages/shared/', '(^|/node_modules/)cors-dev-proxy(/|$)'],
        pathNot: [
          ...entrySources,
          // The entries as built, should a path resolve through the package's `exports` instead of tsconfig.
          ...ENTRIES.map((e) => `^packages/shared/dist/${escapeRegExp(builtName(e.source))}(\\.d)?\\.mts$`),
        ],
      },
    },
    {
      name: 'src-imports-no-test',
      severity: 'error',
      comment: 'Source never imports test code (test/ folders): move what both need into src/.',
      from: { path: '^packages/[^/]+/src/' },
      to: { path: '(^|/)test/', pathNot: '/node_modules/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'This import resolves to nothing on disk, so the rules above cannot see where it goes. ' +
        'Fix the path (NodeNext: `./file.js` for `file.ts`), add the package, or give a new core entry its ' +
        '`paths` line in tsconfig.base.json.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    // Anchored: `dist/` inside node_modules holds the packages' own code (vite's types), which must stay visible.
    exclude: { path: '^packages/[^/]+/(dist|test/unit/__golden__)/' },
    // Type-only imports count: a layer may not even name a type from above it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // `./x.js` in a .ts file resolves to `./x.ts` (NodeNext style) without help: dependency-cruiser tries the
    // TypeScript extensions when the .js file does not exist, as tsc does.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
