// The page is shared by every example (examples/page): Vite builds it here, webpack in examples/webpack-app.
import 'example-page';
