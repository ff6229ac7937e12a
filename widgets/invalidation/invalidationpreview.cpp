#include "invalidationpreview.h"

#include "common/format.h"
#include "core/keyescape.h"
#include "invalidationtext.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace cachescope {

InvalidationPreview::InvalidationPreview(QWidget *parent) : QWidget(parent)
{
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("previewStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warning = new QLabel;
    m_warning->setObjectName(QStringLiteral("previewWarning"));
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(QStringLiteral("color: #9a6700;"));
    m_warning->hide();
    m_sample = new QTreeWidget;
    m_sample->setObjectName(QStringLiteral("sampleList"));
    m_sample->setRootIsDecorated(false);
    m_sample->setUniformRowHeights(true);
    m_sample->setAlternatingRowColors(true);
    m_sample->setTextElideMode(Qt::ElideMiddle);
    m_sample->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_sample->setHeaderLabels({tr("First keys found"), tr("Server")});
    m_sample->header()->setStretchLastSection(false);
    m_sample->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_sample->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_warning);
    layout->addWidget(m_sample, 1);
    clear();
}

void InvalidationPreview::clear(const QString &note)
{
    m_sample->clear();
    m_sample->setColumnHidden(1, true);
    m_warning->hide();
    m_status->setText(note.isEmpty() ? tr("Preview to see which keys match before anything is written.") : note);
}

void InvalidationPreview::showRunning(const InvalidationProgress &progress)
{
    m_status->setText(tr("Scanning… %1").arg(describeProgress(progress, InvalidationJob::Action::Preview)));
}

void InvalidationPreview::showReport(const InvalidationReport &report)
{
    const InvalidationProgress &c = report.counts;
    QString text;
    switch (report.outcome) {
    case InvalidationReport::Outcome::Completed:
        text = c.matched == 1 ? tr("1 key matches") : tr("%1 keys match").arg(formatCount(c.matched));
        if (report.totalBytes >= 0)
            text += tr(", %1 in all").arg(formatBytes(report.totalBytes));
        text += tr(" (scanned %1 keys in %2).").arg(formatCount(c.scanned),
                                                               c.elapsedMs < 1000 ? formatMs(double(c.elapsedMs))
                                                                                  : tr("%1 s").arg(double(c.elapsedMs) / 1000.0, 0, 'f', 1));
        if (c.matched > report.sample.size() && !report.sample.isEmpty())
            text += tr(" The first %1 are listed.").arg(report.sample.size());
        break;
    case InvalidationReport::Outcome::Cancelled:
        text = tr("Preview stopped: %1 matched so far (scanned %2).")
                   .arg(formatCount(c.matched), formatCount(c.scanned));
        break;
    case InvalidationReport::Outcome::Failed:
        text = tr("Preview failed: %1").arg(report.error.message);
        break;
    }
    m_status->setText(text);
    m_warning->setText(report.warning);
    m_warning->setVisible(!report.warning.isEmpty());

    m_sample->clear();
    const bool servers = report.sampleServers.size() == report.sample.size() && !report.sampleServers.isEmpty();
    m_sample->setColumnHidden(1, !servers);
    QList<QTreeWidgetItem *> items;
    items.reserve(report.sample.size());
    for (qsizetype i = 0; i < report.sample.size(); ++i) {
        auto *item = new QTreeWidgetItem({escapeKey(report.sample.at(i)),
                                          servers ? report.sampleServers.at(i) : QString()});
        if (keyNeedsEscaping(report.sample.at(i)))
            item->setToolTip(0, tr("Shown escaped: the key holds bytes that are not printable text"));
        items.append(item);
    }
    m_sample->addTopLevelItems(items);
}

QString InvalidationPreview::statusText() const
{
    return m_status->text();
}

} // namespace cachescope
