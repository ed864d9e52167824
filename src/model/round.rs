//! Rounding of the figures fed writes, so that files and reports show the
//! same numbers: rates and scores to four places, minutes to one.

/// `x` to four decimal places (rates, scores, confidences).
pub fn round(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// `x` to one decimal place (minutes).
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
