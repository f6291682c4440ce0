import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import './cycles.css';
import { setupI18n } from './lib/i18n/index.js';

setupI18n();

const target = document.getElementById('app');
if (target === null) throw new Error('#app is missing from index.html');

export default mount(App, { target });
