/** The ids of a field's hint and error, for aria-describedby (undefined when there are none). */
export function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint === undefined ? undefined : `${id}-hint`, error === undefined ? undefined : `${id}-error`].filter(
    (value) => value !== undefined,
  );
  return ids.length === 0 ? undefined : ids.join(' ');
}

/** After a failed submit, puts the keyboard on the first field marked invalid (its message is read out). */
export function focusFirstInvalid(form: HTMLFormElement | undefined): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
