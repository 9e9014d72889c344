// The page as Vite and webpack build it: its stylesheet, and the page run in index.html's skeleton. Angular
// (examples/angular-app) takes the two apart: style.css as a global style, mountExamplePage from a component.
import './style.css';
import { mountExamplePage } from './mount.ts';

mountExamplePage();
