// Express, with the cors package (npm i cors): right after `const app = express()`, before your routes
// and auth middleware, so it answers the OPTIONS preflight and error responses carry the headers too.
import cors from 'cors';

app.use(
  cors({
    origin: ['https://a.example', 'https://app.example'],
    methods: ['GET', 'POST', 'PUT', 'PATCH'],
    allowedHeaders: ['x-a', 'x-b'],
  }),
);
