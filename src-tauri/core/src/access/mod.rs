//! Access and rectification (seed 004, art. 4): everything Balise holds about one student or
//! guardian, exported as JSON and a readable PDF, and the correction of a field; both audited.
