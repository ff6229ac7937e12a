#include "statsdashboard.h"

#include "ops/statshistory.h"
#include "ops/statsmonitor.h"
#include "ops/statssampler.h"
#include "session/connectionsession.h"
#include "statschart.h"
#include "statshub.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QSaveFile>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace cachescope {

namespace {

constexpr int TickMs = 100; // at most 10 replots a second

} // namespace

qint64 StatsDashboard::windowMs(Window window)
{
    switch (window) {
    case Window::OneMinute:
        return 60 * 1000;
    case Window::FiveMinutes:
        return 5 * 60 * 1000;
    case Window::OneHour:
        return 3600 * 1000;
    case Window::Day:
        return 24 * 3600 * 1000;
    }
    return 5 * 60 * 1000;
}

StatsDashboard::StatsDashboard(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("statsDashboard"));
    auto *bar = new QWidget;
    buildToolbar(bar);
    m_chart = new StatsChart;
    m_chart->setMinimumSize(360, 240);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("statsStatus"));
    m_status->setTextFormat(Qt::RichText);
    m_status->setWordWrap(true);
    m_readout = new QLabel;
    m_readout->setObjectName(QStringLiteral("statsReadout"));
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setWordWrap(true);
    // Two lines, always: a readout that grew on hover would resize the chart under the mouse.
    m_readout->setFixedHeight(fontMetrics().lineSpacing() * 2 + 2);
    m_readout->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    QFont small = m_readout->font();
    small.setPointSizeF(small.pointSizeF() - 1);
    m_readout->setFont(small);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addWidget(bar);
    layout->addWidget(m_status);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_readout);

    m_tick.setInterval(TickMs);
    connect(&m_tick, &QTimer::timeout, this, &StatsDashboard::onTick);
    connect(m_chart, &StatsChart::hovered, this, [this](const QString &summary, const QString &) {
        m_readout->setText(summary.isEmpty() ? tr("Hover over a chart to read the values at that instant.")
                                             : summary);
    });
    m_readout->setText(tr("Hover over a chart to read the values at that instant."));
    m_chart->setWindowMs(windowMs(m_window));
    updateStatus();
}

StatsDashboard::~StatsDashboard()
{
    m_chart->setHistory(nullptr);
    detachMonitor();
}

void StatsDashboard::setHub(StatsHub *hub)
{
    detachMonitor();
    if (m_hub)
        disconnect(m_hub, nullptr, this, nullptr);
    m_hub = hub;
    if (m_hub != m_ownHub.get())
        m_ownHub.reset();
    if (!m_hub)
        return;
    m_hub->setInterval(m_intervalMs);
    connect(m_hub, &StatsHub::monitorRemoved, this, [this](ConnectionSession *session) {
        if (session == m_session) {
            m_chart->setHistory(nullptr);
            m_history = nullptr;
            detachMonitor();
            updateStatus();
            markDirty();
        }
    });
}

void StatsDashboard::detachMonitor()
{
    if (m_monitor)
        disconnect(m_monitor, nullptr, this, nullptr);
    m_monitor = nullptr;
    m_session = nullptr;
}

void StatsDashboard::buildToolbar(QWidget *bar)
{
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_windowBox = new QComboBox;
    m_windowBox->setObjectName(QStringLiteral("statsWindow"));
    m_windowBox->addItems({tr("1 min"), tr("5 min"), tr("1 h"), tr("24 h")});
    m_windowBox->setCurrentIndex(int(m_window));
    m_windowBox->setToolTip(tr("Time window shown"));
    connect(m_windowBox, &QComboBox::activated, this, [this](int i) {
        setWindow(Window(i));
        Q_EMIT viewSettingsChanged();
    });

    m_pauseButton = new QToolButton;
    m_pauseButton->setObjectName(QStringLiteral("statsPause"));
    m_pauseButton->setText(tr("Pause"));
    m_pauseButton->setCheckable(true);
    m_pauseButton->setToolTip(tr("Freeze the view; sampling goes on and the view catches up on resume"));
    connect(m_pauseButton, &QToolButton::toggled, this, &StatsDashboard::setPaused);

    m_intervalBox = new QDoubleSpinBox;
    m_intervalBox->setObjectName(QStringLiteral("statsInterval"));
    m_intervalBox->setRange(StatsSampler::MinIntervalMs / 1000.0, StatsSampler::MaxIntervalMs / 1000.0);
    m_intervalBox->setSingleStep(0.25);
    m_intervalBox->setDecimals(2);
    m_intervalBox->setSuffix(tr(" s"));
    m_intervalBox->setValue(m_intervalMs / 1000.0);
    m_intervalBox->setToolTip(tr("Sampling interval (0.25 s to 60 s)"));
    connect(m_intervalBox, &QDoubleSpinBox::editingFinished, this,
            [this] {
                const int ms = StatsSampler::clampInterval(int(std::lround(m_intervalBox->value() * 1000)));
                if (ms == m_intervalMs)
                    return;
                setInterval(ms);
                Q_EMIT viewSettingsChanged();
            });

    m_thresholdBox = new QSpinBox;
    m_thresholdBox->setObjectName(QStringLiteral("statsThreshold"));
    m_thresholdBox->setRange(0, 100);
    m_thresholdBox->setSuffix(tr(" %"));
    m_thresholdBox->setValue(80);
    m_thresholdBox->setToolTip(tr("Hit-ratio threshold: below it, keys are too specific or TTLs too short"));
    connect(m_thresholdBox, &QSpinBox::valueChanged, this, [this](int v) {
        setThreshold(v);
        Q_EMIT viewSettingsChanged();
    });

    auto *png = new QToolButton;
    png->setObjectName(QStringLiteral("statsExportPng"));
    png->setText(tr("PNG…"));
    png->setToolTip(tr("Save the chart as shown as a PNG image"));
    connect(png, &QToolButton::clicked, this, [this] { chooseExport(true); });
    auto *csv = new QToolButton;
    csv->setObjectName(QStringLiteral("statsExportCsv"));
    csv->setText(tr("CSV…"));
    csv->setToolTip(tr("Save the data of the shown window as CSV"));
    connect(csv, &QToolButton::clicked, this, [this] { chooseExport(false); });

    row->addWidget(new QLabel(tr("Window")));
    row->addWidget(m_windowBox);
    row->addWidget(m_pauseButton);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Every")));
    row->addWidget(m_intervalBox);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Threshold")));
    row->addWidget(m_thresholdBox);
    row->addStretch(1);
    row->addWidget(png);
    row->addWidget(csv);
}

void StatsDashboard::setSession(ConnectionSession *session)
{
    m_chart->setHistory(nullptr);
    m_history = nullptr;
    detachMonitor();
    if (session) {
        if (!m_hub) {
            m_ownHub = std::make_unique<StatsHub>();
            setHub(m_ownHub.get());
        }
        m_session = session;
        m_monitor = m_hub->monitorFor(session);
    }
    if (m_monitor) {
        connect(m_monitor, &StatsMonitor::sampleAdded, this, [this] {
            updateStatus();
            markDirty(false);
        });
        connect(m_monitor, &StatsMonitor::markerAdded, this, [this] { markDirty(); });
        m_history = &m_monitor->history();
        m_chart->setHistory(m_history);
    }
    updateStatus();
    markDirty();
}

void StatsDashboard::showHistory(const StatsHistory *history)
{
    detachMonitor();
    m_history = history;
    m_chart->setHistory(history);
    updateStatus();
    markDirty();
}

void StatsDashboard::addMarker(const OperationMarker &marker)
{
    if (m_monitor)
        m_monitor->addMarker(marker); // markerAdded marks the view dirty
}

void StatsDashboard::setWindow(Window window)
{
    m_window = window;
    if (m_windowBox->currentIndex() != int(window))
        m_windowBox->setCurrentIndex(int(window));
    m_chart->setWindowMs(windowMs(window));
    markDirty();
}

void StatsDashboard::setPaused(bool paused)
{
    if (paused && !m_paused)
        m_pausedEndMs = QDateTime::currentMSecsSinceEpoch();
    m_paused = paused;
    if (m_pauseButton->isChecked() != paused)
        m_pauseButton->setChecked(paused);
    m_pauseButton->setText(paused ? tr("Resume") : tr("Pause"));
    markDirty();
}

void StatsDashboard::pauseAt(qint64 endMs)
{
    setPaused(true);
    m_pausedEndMs = endMs;
    markDirty();
}

void StatsDashboard::setThreshold(double percent)
{
    m_chart->setThreshold(percent);
    if (m_thresholdBox->value() != int(std::lround(percent))) {
        const QSignalBlocker block(m_thresholdBox);
        m_thresholdBox->setValue(int(std::lround(percent)));
    }
    updateStatus();
    markDirty();
}

double StatsDashboard::threshold() const
{
    return m_chart->threshold();
}

void StatsDashboard::setInterval(int ms)
{
    m_intervalMs = StatsSampler::clampInterval(ms);
    if (std::lround(m_intervalBox->value() * 1000) != m_intervalMs)
        m_intervalBox->setValue(m_intervalMs / 1000.0);
    if (m_hub)
        m_hub->setInterval(m_intervalMs);
    else if (m_monitor)
        m_monitor->setInterval(m_intervalMs);
    markDirty();
}

void StatsDashboard::markDirty(bool urgent)
{
    m_dirty = true;
    m_urgent = m_urgent || urgent;
    if (!m_tick.isActive() && isVisible())
        m_tick.start();
}

void StatsDashboard::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        m_tick.start();
}

void StatsDashboard::onTick()
{
    // Hidden (dock closed, tab away): stop ticking until shown again; the data keeps coming.
    if (!m_dirty || !isVisible()) {
        m_tick.stop();
        return;
    }
    static constexpr qint64 PaceMs[StatsHistory::TierCount] = {0, 1000, 5000};
    const int tier = StatsHistory::tierFor(windowMs(m_window));
    if (!m_urgent && m_sinceReplot.isValid() && m_sinceReplot.elapsed() < PaceMs[tier])
        return; // still dirty: a later tick replots
    rebuild();
    m_chart->replot(QCustomPlot::rpQueuedReplot);
    ++m_replots;
}

void StatsDashboard::rebuild()
{
    m_dirty = false;
    m_urgent = false;
    m_sinceReplot.start();
    const qint64 end = m_paused ? m_pausedEndMs : QDateTime::currentMSecsSinceEpoch();
    m_chart->rebuild(end);
}

void StatsDashboard::refreshNow()
{
    rebuild();
    m_chart->replot(QCustomPlot::rpImmediateRefresh);
    ++m_replots;
}

void StatsDashboard::updateStatus()
{
    if (!m_history || m_history->series().isEmpty()) {
        m_status->setText(m_monitor ? tr("Waiting for the first sample…") : tr("Not connected"));
        return;
    }
    const QStringList &names = m_history->series();
    QStringList parts;
    for (int i = names.size() <= 2 ? int(names.size()) - 1 : 0; i < names.size(); ++i) {
        const QString name =
            names.at(i) == ServerSample::AggregateName ? tr("all") : names.at(i).toHtmlEscaped();
        const QString error = m_history->currentError(i);
        if (!error.isEmpty()) {
            parts.append(tr("<b>%1</b>: <span style='color:#c00000'>unreachable — %2</span>")
                             .arg(name, error.toHtmlEscaped()));
            continue;
        }
        const auto &raw = m_history->points(i, 0);
        if (raw.isEmpty())
            continue;
        const double ratio = raw.back().value(StatsMetric::HitRatio);
        const QString ratioText =
            std::isfinite(ratio)
                ? (ratio < threshold() ? QStringLiteral("<span style='color:#c00000'>%1%</span>")
                                       : QStringLiteral("%1%"))
                      .arg(ratio, 0, 'f', 1)
                : tr("no lookups");
        parts.append((m_history->isEstimated() ? tr("<b>%1</b>: hit ratio %2 (estimate)")
                                               : tr("<b>%1</b>: hit ratio %2"))
                         .arg(name, ratioText));
    }
    m_status->setText(parts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
}

bool StatsDashboard::exportPng(const QString &path, QString *error)
{
    if (m_dirty)
        rebuild();
    if (m_chart->savePng(path, m_chart->width(), m_chart->height()))
        return true;
    if (error)
        *error = tr("Could not write %1").arg(path);
    return false;
}

bool StatsDashboard::exportCsv(const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!m_history) {
        if (error)
            *error = tr("No statistics to export");
        return false;
    }
    const qint64 end = m_chart->endMs() > 0 ? m_chart->endMs() : QDateTime::currentMSecsSinceEpoch();
    const QByteArray csv =
        m_history->toCsv(StatsHistory::tierFor(windowMs(m_window)), end - windowMs(m_window), end);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit()) {
        if (error)
            *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void StatsDashboard::chooseExport(bool png)
{
    auto *dialog = new QFileDialog(this, png ? tr("Save chart as PNG") : tr("Save data as CSV"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(png ? tr("PNG image (*.png)") : tr("CSV (*.csv)"));
    dialog->setDefaultSuffix(png ? QStringLiteral("png") : QStringLiteral("csv"));
    dialog->selectFile(QStringLiteral("cachescope-stats-%1.%2")
                           .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss")),
                                png ? QStringLiteral("png") : QStringLiteral("csv")));
    connect(dialog, &QFileDialog::fileSelected, this, [this, png](const QString &path) {
        QString error;
        const bool ok = png ? exportPng(path, &error) : exportCsv(path, &error);
        m_readout->setText(ok ? tr("Saved %1").arg(path) : error);
    });
    dialog->open();
}

} // namespace cachescope
