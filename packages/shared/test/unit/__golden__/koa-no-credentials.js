// Koa, with @koa/cors (npm i @koa/cors): app.use() it before your router and auth middleware, so it
// answers the OPTIONS preflight. `origin` takes one origin string (or a function of ctx).
import cors from '@koa/cors';

app.use(
  cors({
    origin: 'https://app.example.com',
    allowMethods: ['DELETE'],
    allowHeaders: ['content-type'],
  }),
);
