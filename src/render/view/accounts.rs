//! The accounts section: Table 1 (each organization's accounts, a column per platform), its
//! audience chart and the ratios of account figures.
//!
//! The page pivots the accounts, one row per organization; the CSV keeps them flat, one row
//! per account. Both come from one description, whose rows are accounts: an organization's
//! first account on the page, with all its accounts for the platform columns.

use super::{raw, source_of, Chart, Section};
use crate::format::{real, thousands};
use crate::load::InputKind;
use crate::media::ratios::{Ratio, RatioTerm};
use crate::model::accounts::Account;
use crate::render::charts::{Bar, ChartSpec, GroupedBars, Series};
use crate::render::table::TableSpec;
use crate::report::Report;

/// A row of Table 1: the account it speaks for and, on the page, every account of its
/// organization (the CSV, one row per account, leaves that empty).
struct Holding<'a> {
    account: &'a Account,
    of_organization: Vec<&'a Account>,
}

/// The accounts section, with the ratios when the config asks for any; none without accounts.
pub(super) fn accounts_section(report: &Report) -> Option<Section> {
    let accounts = report.accounts.as_ref()?;
    let organizations = first_seen(accounts.iter().map(|a| a.organization.as_str()));
    let platforms = first_seen(accounts.iter().map(|a| a.platform.as_str()));
    let source = source_of(report, InputKind::Accounts);
    let mut spec = TableSpec::<Holding>::new("tables/table1-accounts.csv")
        .text("Organization", "organization", |h| {
            h.account.organization.clone()
        })
        .text("Description", "role", |h| h.account.role.clone());
    for platform in &platforms {
        spec = spec
            .text(&platform_name(platform), "", move |h| {
                figures(&h.of_organization, platform)
            })
            .page_only();
    }
    let spec = spec
        .csv_only("platform", |h| h.account.platform.clone())
        .csv_only("metric", |h| h.account.metric.clone())
        .csv_only("value", |h| raw(h.account.value))
        .csv_only("note", |h| h.account.note.clone());
    let by_organization: Vec<Holding> = organizations
        .iter()
        .map(|org| {
            let of_organization: Vec<&Account> =
                accounts.iter().filter(|a| a.organization == *org).collect();
            Holding {
                account: of_organization[0],
                of_organization,
            }
        })
        .collect();
    let each: Vec<Holding> = accounts
        .iter()
        .map(|account| Holding {
            account,
            of_organization: Vec::new(),
        })
        .collect();
    let caption = "Table 1: Social media accounts by organization and platform";
    let mut section = Section::new("accounts", "Accounts", Vec::new())
        .with_table(spec.table("table1", caption, &source, &by_organization))
        .with_csv(spec.csv(&each));
    if let Some(chart) = audience_chart(accounts, &organizations, &platforms, &source) {
        section = section.with_chart(chart);
    }
    if let Some(ratios) = report.ratios.as_ref().filter(|r| !r.is_empty()) {
        let spec = ratios_spec();
        let caption = "Ratios of account figures";
        section = section
            .with_table(spec.table("ratios", caption, &source, ratios))
            .with_csv(spec.csv(ratios));
    }
    Some(section)
}

/// An organization's figures on one platform: `12,000 followers`, or `—` for none.
fn figures(of_organization: &[&Account], platform: &str) -> String {
    let figures: Vec<String> = of_organization
        .iter()
        .filter(|a| a.platform == platform)
        .map(|a| match a.value {
            Some(v) => format!("{} {}", thousands(v), a.metric),
            None if a.note.is_empty() => format!("{}: not published", a.metric),
            None => format!("{}: not published ({})", a.metric, a.note),
        })
        .collect();
    if figures.is_empty() {
        "—".to_string()
    } else {
        figures.join(", ")
    }
}

fn ratios_spec() -> TableSpec<'static, Ratio> {
    let describe = |t: &RatioTerm| {
        let value = t.value.map_or("not published".to_string(), thousands);
        format!(
            "{}, {} {}: {}",
            t.organization,
            platform_name(&t.platform),
            t.metric,
            value
        )
    };
    TableSpec::new("tables/ratios.csv")
        .text("Ratio", "label", |r: &Ratio| r.label.clone())
        .text("Numerator", "numerator", move |r| describe(&r.numerator))
        .raw(|r| raw(r.numerator.value))
        .text("Denominator", "denominator", move |r| {
            describe(&r.denominator)
        })
        .raw(|r| raw(r.denominator.value))
        .number("Value", "value", |r| {
            r.value.map_or("—".to_string(), |v| real(v, 1))
        })
        .raw(|r| raw(r.value))
}

/// `youtube` (in any case) -> `YouTube`; unknown platforms are shown as written.
fn platform_name(platform: &str) -> String {
    match platform.to_lowercase().as_str() {
        "facebook" => "Facebook".into(),
        "youtube" => "YouTube".into(),
        "instagram" => "Instagram".into(),
        "telegram" => "Telegram".into(),
        "twitter" => "Twitter".into(),
        "vkontakte" => "VKontakte".into(),
        "vk" => "VK".into(),
        "tiktok" => "TikTok".into(),
        _ => platform.into(),
    }
}

/// Distinct values in order of first appearance.
fn first_seen<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for v in values {
        if !seen.contains(&v) {
            seen.push(v);
        }
    }
    seen
}

/// The audience of each organization on each platform: followers or subscribers; none when
/// no account counts either.
fn audience_chart(
    accounts: &[Account],
    organizations: &[&str],
    platforms: &[&str],
    source: &str,
) -> Option<Chart> {
    let audience = |a: &&Account| {
        a.metric.eq_ignore_ascii_case("followers") || a.metric.eq_ignore_ascii_case("subscribers")
    };
    let platforms: Vec<&str> = platforms
        .iter()
        .copied()
        .filter(|p| accounts.iter().filter(audience).any(|a| a.platform == *p))
        .collect();
    if platforms.is_empty() {
        return None;
    }
    let series = platforms
        .iter()
        .map(|platform| Series {
            name: platform_name(platform),
            bars: organizations
                .iter()
                .map(|org| {
                    accounts
                        .iter()
                        .filter(audience)
                        .find(|a| a.organization == *org && a.platform == *platform)
                        .and_then(|a| a.value)
                        .map(|v| Bar {
                            value: v as f64,
                            label: thousands(v),
                        })
                })
                .collect(),
        })
        .collect();
    Some(Chart {
        file: "charts/table1-audience.svg".into(),
        alt: "Bar chart of each organization's followers or subscribers on each platform, from Table 1".into(),
        downloads: Vec::new(),
        spec: ChartSpec::Grouped(GroupedBars {
            title: "Audience by platform: followers (Facebook) or subscribers".into(),
            y_label: "Followers or subscribers".into(),
            categories: organizations.iter().map(|o| o.to_string()).collect(),
            series,
            missing: "not published".into(),
            source: source.into(),
        }),
    })
}
