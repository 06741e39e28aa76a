//! The value axis of every chart: round ticks, and a grid line and a label at each.
//!
//! One helper draws it for all the charts, so that they mark their values alike: steps of 1,
//! 2 or 5 times a power of ten, the same grey grid, labels written as the pages write numbers,
//! with as many decimals as tell one step from the next. Each chart keeps its own scale (where
//! a value falls), as its layout decides.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{text, text_width, Canvas, DrawResult, GRID};
use crate::format::real;

/// The ticks of a value axis.
pub(crate) struct Ticks {
    /// Where each tick stands, lowest first.
    pub values: Vec<f64>,
    /// The decimals of the labels.
    pub decimals: usize,
    /// The lowest value the axis shows, and how far it runs from there.
    pub low: f64,
    pub span: f64,
}

impl Ticks {
    /// Round steps from zero to at least `max`.
    pub fn from_zero(max: f64) -> Ticks {
        let (step, ticks) = nice_ticks(max);
        Ticks {
            values: (0..=ticks).map(|tick| step * tick as f64).collect(),
            decimals: if step < 1.0 { 1 } else { 0 },
            low: 0.0,
            span: step * ticks as f64,
        }
    }

    /// Round steps from `-max` to `max` through zero, for bars either side of it.
    pub fn symmetric(max: f64) -> Ticks {
        let half = Ticks::from_zero(max);
        let below = half.values.iter().rev().filter(|v| **v > 0.0).map(|v| -v);
        Ticks {
            values: below.chain(half.values.iter().copied()).collect(),
            decimals: half.decimals,
            low: -half.span,
            span: 2.0 * half.span,
        }
    }

    /// Round steps from a round value at or below `low`, on an axis that reaches `high`.
    pub fn covering(low: f64, high: f64) -> Ticks {
        let (step, ticks) = nice_ticks(high - low);
        let base = (low / step).floor() * step;
        let span = (step * ticks as f64).max(high - base);
        let mut values = Vec::new();
        let mut tick = base;
        while tick <= base + span + step * 1e-9 {
            values.push(tick);
            tick += step;
        }
        let decimals = if step < 0.01 {
            3
        } else if step < 1.0 {
            2
        } else {
            0
        };
        Ticks {
            values,
            decimals,
            low: base,
            span,
        }
    }
}

/// Which way a value axis runs, and how far its grid lines reach across the plot.
#[derive(Clone, Copy)]
pub(crate) enum Axis {
    /// Values up the left edge at `left`; grid lines across to `right`.
    Up { left: i32, right: i32 },
    /// Values along the bottom edge at `bottom`; grid lines up to `top`.
    Along { top: i32, bottom: i32 },
}

/// Draws a grid line and a label, `size` pixels high, at each tick; `at` places a value on the
/// axis. A label that would touch the one before it is left out (its grid line is drawn).
pub(crate) fn draw_ticks(
    root: &Canvas<'_>,
    ticks: &Ticks,
    axis: Axis,
    size: u32,
    at: impl Fn(f64) -> i32,
) -> DrawResult {
    let mut last_end = i32::MIN;
    for &value in &ticks.values {
        let label = real(value, ticks.decimals);
        let p = at(value);
        let (start, end) = match axis {
            Axis::Up { .. } => (-p - size as i32 / 2, -p + size as i32 / 2),
            Axis::Along { .. } => {
                let half = text_width(&label, size) / 2 + 1;
                (p - half, p + half)
            }
        };
        let label = if start > last_end.saturating_add(3) {
            last_end = end;
            label
        } else {
            String::new()
        };
        match axis {
            Axis::Up { left, right } => {
                root.draw(&PathElement::new(vec![(left, p), (right, p)], GRID))?;
                if label.is_empty() {
                    continue;
                }
                let anchor = Pos::new(HPos::Right, VPos::Center);
                root.draw(&Text::new(label, (left - 6, p), text(size, anchor)))?;
            }
            Axis::Along { top, bottom } => {
                root.draw(&PathElement::new(vec![(p, top), (p, bottom)], GRID))?;
                if label.is_empty() {
                    continue;
                }
                let anchor = Pos::new(HPos::Center, VPos::Top);
                root.draw(&Text::new(label, (p, bottom + 4), text(size, anchor)))?;
            }
        }
    }
    Ok(())
}

/// A tick step of 1, 2 or 5 times a power of ten, and how many steps reach `max`.
fn nice_ticks(max: f64) -> (f64, u32) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 1);
    }
    let rough = max / 5.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    let step = if max >= 1.0 { step.max(1.0) } else { step };
    (step, (max / step).ceil().max(1.0) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(nice_ticks(18.0), (5.0, 4));
        assert_eq!(nice_ticks(539_000.0), (200_000.0, 3));
        assert_eq!(nice_ticks(3.0), (1.0, 3));
        assert_eq!(nice_ticks(0.0), (1.0, 1));
    }

    #[test]
    fn ticks_from_zero_and_covering_a_range() {
        let ticks = Ticks::from_zero(18.0);
        assert_eq!(ticks.values, [0.0, 5.0, 10.0, 15.0, 20.0]);
        assert_eq!((ticks.decimals, ticks.span), (0, 20.0));
        let ticks = Ticks::covering(-0.04, 0.31);
        assert_eq!(ticks.low, -0.1);
        assert_eq!(ticks.decimals, 2);
        assert_eq!((ticks.values.first(), ticks.values.len()), (Some(&-0.1), 5));
        assert!(ticks.low + ticks.span >= 0.31);
    }
}
