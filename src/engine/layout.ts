/**
 * Zero stored as a floating-point number. V8 lays out a number field by the first value stored in it: a field that
 * starts as an integer and later holds a fraction changes its class's layout, and that throws away the compiled code
 * that relied on the old one (it cost every replication after the first a recompilation of the event loop). Fields
 * of the simulation's classes that will hold fractions start at DOUBLE_ZERO, so their layout is final from the start.
 */
export const DOUBLE_ZERO = -0;
