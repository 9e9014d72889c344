// Koa, with @koa/cors (npm i @koa/cors): app.use() it before your router and auth middleware, so it
// answers the OPTIONS preflight. `origin` takes one origin string (or a function of ctx).
import cors from '@koa/cors';

const allowedOrigins = ['https://a.example', 'https://app.example'];

app.use(
  cors({
    origin: (ctx) => (allowedOrigins.includes(ctx.get('Origin')) ? ctx.get('Origin') : ''),
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH'],
    allowHeaders: ['x-a', 'x-b'],
  }),
);
