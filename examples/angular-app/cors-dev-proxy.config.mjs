// One config, three hosts: the Vite example's file is this example's too. The serve target in angular.json
// (@cors-dev-proxy/angular:dev-server, no corsDevProxy options) reads it from the project root, and so does
// `cors-dev-proxy audit --root examples/angular-app`.
export { default } from '../vite-app/cors-dev-proxy.config.mjs';
