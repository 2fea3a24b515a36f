/**
 * The lab's settings form and the URL: reads the state from the query string (never throwing),
 * writes every change back with `history.replaceState`, and clamps out-of-range input with a
 * visible, translated note.
 */
import { clampState, decodeState, LAB_SCHEMA, mergeIntoQuery, type LabState, type Note } from '../../lib/state.ts';
import { translate, type Dictionary } from '../../i18n/index.ts';

/** Field name → the label shown next to its control, for notes. */
function fieldLabel(strings: Dictionary, field: string): string {
  const key = `lab.${field}` as keyof Dictionary;
  return key in strings ? strings[key] : field;
}

/** A translated sentence for each note. */
export function describeNotes(strings: Dictionary, notes: Note[]): string[] {
  return notes.map((note) =>
    translate(strings, note.kind === 'clamped' ? 'lab.note.clamped' : 'lab.note.invalid', {
      field: fieldLabel(strings, note.field),
      given: note.given,
      used: String(note.used),
    }),
  );
}

/** Binds the form controls (and the loss-scale select) to one {@link LabState}. */
export class LabForm {
  state: LabState;
  readonly initialNotes: Note[];
  private readonly root: HTMLElement;

  constructor(root: HTMLElement) {
    this.root = root;
    const decoded = decodeState(LAB_SCHEMA, location.search);
    this.state = decoded.state;
    this.initialNotes = decoded.notes;
    this.render();
  }

  private controls(): Array<HTMLInputElement | HTMLSelectElement> {
    return [...this.root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('.lab-controls [name], select[name="scale"]')];
  }

  /** Writes the state into the controls and shows the delay field only for `delayed`. */
  render(): void {
    for (const control of this.controls()) {
      control.value = String(this.state[control.name as keyof LabState]);
    }
    const delayField = this.root.querySelector<HTMLElement>('[data-field="delay"]');
    if (delayField) delayField.hidden = this.state.variant !== 'delayed';
  }

  /**
   * Reads one changed control into the state; returns the notes (clamping, invalid input) and
   * which field changed. The control shows the value actually used.
   */
  read(control: HTMLInputElement | HTMLSelectElement): { field: keyof LabState; notes: Note[] } {
    const field = control.name as keyof LabState;
    const { state, notes } = clampState(LAB_SCHEMA, { [field]: control.value }, this.state);
    this.state = state;
    this.render();
    this.writeUrl();
    return { field, notes };
  }

  /** Replaces several fields at once (e.g. from an imported model file). */
  assign(values: Partial<LabState>): Note[] {
    const { state, notes } = clampState(LAB_SCHEMA, values, this.state);
    this.state = state;
    this.render();
    this.writeUrl();
    return notes;
  }

  /** Keeps the address bar in sync, leaving other demos' keys alone. */
  writeUrl(): void {
    const query = mergeIntoQuery(LAB_SCHEMA, this.state, location.search);
    const url = `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
    history.replaceState(history.state, '', url);
  }
}
