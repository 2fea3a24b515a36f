/**
 * Math-like labels for the build-time SVG figures: a symbol with an optional subscript and
 * superscript, as the pieces an SVG <text> needs (tspans shifted with dy), so that x⁽ᵗ⁾, W_hh
 * or δ⁽ᵗ⁺¹⁾ read like the KaTeX equations around them. Pure functions, no DOM.
 */

/** One piece of a label: its text, its size relative to the label, and its vertical shift in em. */
export interface LabelPart {
  text: string;
  /** Font size as a fraction of the label's size (1 for the base symbol). */
  scale: number;
  /** Vertical shift from the previous piece, in em of the label's font size (negative is up). */
  dy: number;
  /** Upright (roman) rather than italic, e.g. for "tanh", digits and brackets. */
  upright: boolean;
  /** Bold, for the batch matrices (`\mathbf` in the chapters). */
  bold?: boolean;
}

/** A symbol as written in the chapters: base, optional subscript and superscript. */
export interface MathLabel {
  base: string;
  sub?: string;
  sup?: string;
  /** Draw the base upright (operator names). Default: italic. */
  upright?: boolean;
  /** Draw the base bold and upright, as `\mathbf`: the batch matrices. */
  bold?: boolean;
}

const SCRIPT_SCALE = 0.72;
const SUB_SHIFT = 0.3;
const SUP_SHIFT = -0.45;

/**
 * Splits script text into runs: letters italic (as KaTeX sets variables), everything else —
 * digits, brackets, signs — upright. The first run carries the shift `dy`, the rest stay on it.
 */
function scriptRuns(text: string, dy: number): LabelPart[] {
  const runs = text.match(/[A-Za-zα-ω]+|[^A-Za-zα-ω]+/g) ?? [];
  return runs.map((run, i) => ({
    text: run,
    scale: SCRIPT_SCALE,
    dy: i === 0 ? dy : 0,
    upright: !/^[A-Za-zα-ω]/.test(run),
  }));
}

/**
 * The pieces of a label. A subscript and a superscript together (W_hh^⊤) stack: the
 * superscript is raised from the subscript's baseline by the sum of both shifts.
 */
export function labelParts(label: MathLabel): LabelPart[] {
  const bold = label.bold ?? false;
  const parts: LabelPart[] = [{ text: label.base, scale: 1, dy: 0, upright: bold || (label.upright ?? false), bold }];
  let shift = 0;
  if (label.sub) {
    parts.push(...scriptRuns(label.sub, SUB_SHIFT));
    shift = SUB_SHIFT;
  }
  if (label.sup) {
    parts.push(...scriptRuns(label.sup, SUP_SHIFT - shift));
    shift = SUP_SHIFT;
  }
  // Return to the baseline so that text after the label is not shifted.
  if (shift !== 0) parts.push({ text: '', scale: 1, dy: -shift, upright: true });
  return parts;
}
