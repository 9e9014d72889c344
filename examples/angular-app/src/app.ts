import { afterNextRender, Component } from '@angular/core';
import { mountExamplePage } from 'example-page/mount';

/**
 * The shared example page (examples/page) in a standalone component: the template is the skeleton the Vite
 * and webpack examples have in index.html, and the page's own code fills it in once Angular has rendered it.
 * The cards are plain DOM the page writes itself, so Angular's change detection has nothing to track.
 */
@Component({
  selector: 'app-root',
  template: `
    <header class="page-header">
      <div>
        <h1>cors-dev-proxy <span class="muted">· Angular example</span></h1>
        <p class="muted">
          This page runs on <code id="page-origin"></code>. Everything under <code>/api</code> is proxied to the
          backend at <code id="backend-url"></code>, a strict production-like API that allows CORS only for
          <code>https://app.example.com</code>.
        </p>
      </div>
      <div class="controls">
        <p id="tally" class="tally" data-status="pending">Running checks…</p>
        <button id="run-again" type="button">Run again</button>
      </div>
    </header>
    <main id="checks" class="grid"></main>
  `,
})
export class App {
  constructor() {
    afterNextRender(() => mountExamplePage());
  }
}
