/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The backend's own, cross-origin URL; defined in vite.config.ts from BACKEND_URL. */
  readonly VITE_BACKEND_URL: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
