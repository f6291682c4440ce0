import { tick } from 'svelte';

/** After a successful verification the form is gone; the keyboard goes to the status that replaced it. */
export async function focusVerificationStatus(): Promise<void> {
  await tick();
  document.getElementById('verification-status')?.focus();
}
