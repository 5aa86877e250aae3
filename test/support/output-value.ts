// The one way tests read an Output: the offline runner's own, so tests and the preview agree on what a value is.
export { outputIsSecret, outputValue } from "../../offline/program/output-value";
