/**
 * What each host defines for the page: Vite's `define` (examples/vite-app/vite.config.ts), webpack's
 * DefinePlugin (examples/webpack-app/webpack.config.js) and Angular's `define` (examples/angular-app: angular.json,
 * and `ng serve --define` in its scripts/dev.mjs) replace it with the backend's URL.
 */

/** The backend's own, cross-origin URL (`BACKEND_URL`); only the `direct` card calls it. */
declare const __BACKEND_URL__: string;

/** `import './style.css'`: Vite handles it itself, webpack with css-loader and style-loader. */
declare module '*.css';
