// The page is shared by every example (examples/page): webpack builds it here, Vite in examples/vite-app.
import 'example-page';
