//! The keyness measures against values computed apart from the Rust code:
//! `tests/fixtures/keyness/reference.py` (Python with scipy) wrote `reference.csv`.

use mobilize::text::keyness::{p_value, statistic, Correction, Measure, Table};

#[test]
fn measures_match_the_python_reference() {
    let text = std::fs::read_to_string("tests/fixtures/keyness/reference.csv").unwrap();
    let mut rows = 0;
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let count = |i: usize| fields[i].parse::<f64>().unwrap();
        let table = Table {
            a: count(0),
            b: count(1),
            c: count(2),
            d: count(3),
        };
        let measure = match fields[4] {
            "chi2" => Measure::Chi2,
            _ => Measure::Lr,
        };
        let correction = match fields[5] {
            "default" => Correction::Default,
            "williams" => Correction::Williams,
            _ => Correction::None,
        };
        let (expected, expected_p) = (count(6), count(7));
        let found = statistic(table, measure, correction);
        let scale = expected.abs().max(1.0);
        assert!(
            (found - expected).abs() <= 1e-9 * scale,
            "{line}: found {found}, expected {expected}"
        );
        let p = p_value(found);
        assert!(
            (p - expected_p).abs() <= 1e-9 * expected_p + 1e-15,
            "{line}: found p {p}, expected {expected_p}"
        );
        rows += 1;
    }
    assert_eq!(rows, 90);
}
