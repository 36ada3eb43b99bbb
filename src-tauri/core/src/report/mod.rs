//! The school's compliance report for one year (issue #7): a summary page for the principal to
//! send to the CSS, then a table per class; as PDF and CSV.
