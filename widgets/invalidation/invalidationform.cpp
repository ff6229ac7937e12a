#include "invalidationform.h"

#include "core/keyescape.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

namespace cachescope {

namespace {

using Kind = InvalidationTarget::Kind;

template <typename W>
W *named(W *widget, const char *name)
{
    widget->setObjectName(QLatin1StringView(name));
    return widget;
}

} // namespace

InvalidationForm::InvalidationForm(QWidget *parent) : QWidget(parent)
{
    m_kind = named(new QComboBox, "kindCombo");
    m_kind->addItem(tr("Selected keys"), int(Kind::Keys));
    m_kind->addItem(tr("Glob pattern"), int(Kind::Pattern));
    m_kind->addItem(tr("Namespace PREFIX:VERSION"), int(Kind::Namespace));
    m_kind->addItem(tr("Whole prefix (every version)"), int(Kind::Prefix));
    m_kind->addItem(tr("Versions older than N"), int(Kind::OlderThan));
    m_kind->addItem(tr("Cached page (URL)"), int(Kind::Page));
    m_kind->addItem(tr("Bump a version counter (INCR)"), int(Kind::Bump));

    m_keys = named(new QPlainTextEdit, "keysEdit");
    m_keys->setPlaceholderText(tr("One key per line, escaped as the key list shows them (\\n, \\xNN, \\\\)"));
    m_keys->setMaximumHeight(fontMetrics().lineSpacing() * 6);
    m_pattern = named(new QLineEdit, "patternEdit");
    m_pattern->setPlaceholderText(tr("e.g. shop:3:cart:*  (Redis MATCH rules: * ? [abc] \\ escapes)"));
    m_prefix = named(new QLineEdit, "prefixEdit");
    m_prefix->setPlaceholderText(tr("Django KEY_PREFIX, e.g. shop (empty = Django's default)"));
    m_prefix->setToolTip(tr("Taken literally: glob characters in it are escaped as django-redis does"));
    m_version = named(new QSpinBox, "versionSpin");
    m_version->setRange(0, 1000000000);
    m_version->setValue(1);
    m_versionHint = new QLabel;
    m_versionHint->setEnabled(false);
    auto *versionRow = new QWidget;
    auto *versionLayout = new QHBoxLayout(versionRow);
    versionLayout->setContentsMargins(0, 0, 0, 0);
    versionLayout->addWidget(m_version);
    versionLayout->addWidget(m_versionHint, 1);
    m_pageUrl = named(new QLineEdit, "pageUrlEdit");
    m_pageUrl->setPlaceholderText(tr("Absolute URL, e.g. https://shop.example.com/products/?page=2"));
    m_pagePrefix = named(new QLineEdit, "pagePrefixEdit");
    m_pagePrefix->setPlaceholderText(tr("CACHE_MIDDLEWARE_KEY_PREFIX / cache_page(key_prefix=…); usually empty"));
    m_bumpKey = named(new QLineEdit, "bumpKeyEdit");
    m_bumpKey->setPlaceholderText(tr("The counter key, e.g. shop:1:catalog_version"));

    m_soft = named(new QCheckBox(tr("Soft: set a TTL instead of deleting")), "softCheck");
    m_soft->setToolTip(tr("The keys stay readable until the TTL runs out, so the site refills them gradually "
                          "instead of all at once"));
    m_softTtl = named(new QSpinBox, "softTtlSpin");
    m_softTtl->setRange(1, 7 * 24 * 3600);
    m_softTtl->setValue(60);
    m_softTtl->setSuffix(tr(" s"));
    m_softTtl->setEnabled(false);
    auto *softRow = new QWidget;
    auto *softLayout = new QHBoxLayout(softRow);
    softLayout->setContentsMargins(0, 0, 0, 0);
    softLayout->addWidget(m_soft);
    softLayout->addWidget(m_softTtl);
    softLayout->addStretch(1);
    m_rate = named(new QSpinBox, "rateSpin");
    m_rate->setRange(0, 10000000);
    m_rate->setSingleStep(1000);
    m_rate->setSpecialValueText(tr("no cap"));
    m_rate->setSuffix(tr(" keys/s"));
    m_rate->setToolTip(tr("Write at most this many keys per second, to protect a loaded server (0 = no cap)"));

    m_form = new QFormLayout(this);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->addRow(tr("&Invalidate"), m_kind);
    m_form->addRow(tr("&Keys"), m_keys);
    m_form->addRow(tr("&Pattern"), m_pattern);
    m_form->addRow(tr("P&refix"), m_prefix);
    m_form->addRow(tr("&Version"), versionRow);
    m_form->addRow(tr("Page &URL"), m_pageUrl);
    m_form->addRow(tr("Middleware prefix"), m_pagePrefix);
    m_form->addRow(tr("Counter &key"), m_bumpKey);
    m_form->addRow(tr("Mode"), softRow);
    m_form->addRow(tr("&Rate cap"), m_rate);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        showFieldsFor(kind());
        Q_EMIT edited();
    });
    for (QLineEdit *e : {m_pattern, m_prefix, m_pageUrl, m_pagePrefix, m_bumpKey})
        connect(e, &QLineEdit::textChanged, this, &InvalidationForm::edited);
    connect(m_keys, &QPlainTextEdit::textChanged, this, &InvalidationForm::edited);
    connect(m_version, &QSpinBox::valueChanged, this, &InvalidationForm::edited);
    connect(m_softTtl, &QSpinBox::valueChanged, this, &InvalidationForm::edited);
    connect(m_rate, &QSpinBox::valueChanged, this, &InvalidationForm::edited);
    connect(m_soft, &QCheckBox::toggled, this, [this](bool on) {
        m_softTtl->setEnabled(on);
        Q_EMIT edited();
    });
    showFieldsFor(kind());
}

InvalidationTarget::Kind InvalidationForm::kind() const
{
    return Kind(m_kind->currentData().toInt());
}

void InvalidationForm::showFieldsFor(Kind k)
{
    const bool prefixed = k == Kind::Namespace || k == Kind::Prefix || k == Kind::OlderThan;
    m_form->setRowVisible(m_keys, k == Kind::Keys);
    m_form->setRowVisible(m_pattern, k == Kind::Pattern);
    m_form->setRowVisible(m_prefix, prefixed);
    m_form->setRowVisible(m_version->parentWidget(), k == Kind::Namespace || k == Kind::OlderThan);
    m_form->setRowVisible(m_pageUrl, k == Kind::Page);
    m_form->setRowVisible(m_pagePrefix, k == Kind::Page);
    m_form->setRowVisible(m_bumpKey, k == Kind::Bump);
    m_form->setRowVisible(m_soft->parentWidget(), k != Kind::Bump);
    m_versionHint->setText(k == Kind::OlderThan ? tr("every version below this one goes; this one stays")
                                                : tr("only this version"));
}

void InvalidationForm::setTarget(const InvalidationTarget &t)
{
    const QSignalBlocker block(this);
    m_kind->setCurrentIndex(m_kind->findData(int(t.kind)));
    QStringList lines;
    if (t.kind == Kind::Keys)
        for (const QByteArray &k : t.keys)
            lines.append(escapeKey(k));
    m_keys->setPlainText(lines.join(QLatin1Char('\n')));
    m_pattern->setText(escapeKey(t.pattern));
    m_prefix->setText(escapeKey(t.prefix));
    if (t.kind == Kind::Namespace || t.kind == Kind::OlderThan)
        m_version->setValue(t.version);
    m_pageUrl->setText(t.pageUrl);
    m_pagePrefix->setText(escapeKey(t.pagePrefix));
    m_bumpKey->setText(t.kind == Kind::Bump && !t.keys.isEmpty() ? escapeKey(t.keys.constFirst()) : QString());
    m_soft->setChecked(t.softTtlMs > 0);
    if (t.softTtlMs > 0)
        m_softTtl->setValue(int(qMax<qint64>(1, t.softTtlMs / 1000)));
    showFieldsFor(t.kind);
}

InvalidationTarget InvalidationForm::target() const
{
    const auto raw = [](const QString &text) {
        const auto bytes = unescapeKey(text);
        return bytes ? *bytes : text.toUtf8();
    };
    InvalidationTarget t;
    t.kind = kind();
    switch (t.kind) {
    case Kind::Keys: {
        const QStringList lines = m_keys->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &line : lines)
            t.keys.append(raw(line));
        break;
    }
    case Kind::Pattern:
        t.pattern = raw(m_pattern->text().trimmed());
        break;
    case Kind::Namespace:
    case Kind::OlderThan:
        t.version = m_version->value();
        [[fallthrough]];
    case Kind::Prefix:
        t.prefix = raw(m_prefix->text().trimmed());
        break;
    case Kind::Page:
        t.pageUrl = m_pageUrl->text().trimmed();
        t.pagePrefix = raw(m_pagePrefix->text().trimmed());
        break;
    case Kind::Bump:
        if (!m_bumpKey->text().trimmed().isEmpty())
            t.keys.append(raw(m_bumpKey->text().trimmed()));
        break;
    }
    if (t.kind != Kind::Bump && m_soft->isChecked())
        t.softTtlMs = qint64(m_softTtl->value()) * 1000;
    return t;
}

QString InvalidationForm::problem() const
{
    const auto escaped = [](const QString &text) { return text.isEmpty() || unescapeKey(text).hasValue(); };
    switch (kind()) {
    case Kind::Keys:
        if (m_keys->toPlainText().trimmed().isEmpty())
            return tr("Enter the keys, one per line (or select them in the key list).");
        break;
    case Kind::Pattern:
        if (m_pattern->text().trimmed().isEmpty())
            return tr("Enter a glob pattern.");
        if (!escaped(m_pattern->text().trimmed()))
            return tr("The pattern has a broken escape (\\xNN needs two hex digits).");
        break;
    case Kind::Namespace:
    case Kind::OlderThan:
    case Kind::Prefix:
        if (kind() == Kind::Prefix && m_prefix->text().trimmed().isEmpty())
            return tr("Enter the prefix (for Django's empty default prefix, use a namespace).");
        break;
    case Kind::Page:
        if (m_pageUrl->text().trimmed().isEmpty())
            return tr("Enter the page's absolute URL.");
        break;
    case Kind::Bump:
        if (m_bumpKey->text().trimmed().isEmpty())
            return tr("Enter the counter key.");
        break;
    }
    return {};
}

int InvalidationForm::rateLimit() const
{
    return m_rate->value();
}

void InvalidationForm::setRateLimit(int keysPerSecond)
{
    m_rate->setValue(keysPerSecond);
}

} // namespace cachescope
