/**
 * The lab's settings form bound to the URL: the state is read from the query string (never
 * throwing), every change is written back, and out-of-range input is clamped with a note.
 */
import { LAB_SCHEMA, type LabState, type Note } from '../../lib/state.ts';
import { UrlState } from '../island.ts';

/** Binds the form controls (and the loss-scale select) to one {@link LabState}. */
export class LabForm {
  private readonly url = new UrlState(LAB_SCHEMA);
  private readonly root: HTMLElement;

  constructor(root: HTMLElement) {
    this.root = root;
    this.render();
  }

  /** The current settings. */
  get state(): LabState {
    return this.url.state;
  }

  /** What decoding the address changed. */
  get initialNotes(): Note[] {
    return this.url.initialNotes;
  }

  private controls(): Array<HTMLInputElement | HTMLSelectElement> {
    return [
      ...this.root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('.lab-controls [name], select[name="scale"]'),
    ];
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
   * Reads one changed control into the state; returns which field changed and the notes
   * (clamping, invalid input). The control then shows the value actually used.
   */
  read(control: HTMLInputElement | HTMLSelectElement): { field: keyof LabState; notes: Note[] } {
    const field = control.name as keyof LabState;
    const notes = this.url.update({ [field]: control.value });
    this.render();
    return { field, notes };
  }

  /** The address of this exact set-up (pending URL updates written first). */
  link(): string {
    return this.url.flush();
  }

  /** Replaces several fields at once (e.g. from an imported model file). */
  assign(values: Partial<LabState>): Note[] {
    const notes = this.url.update(values);
    this.render();
    return notes;
  }
}
