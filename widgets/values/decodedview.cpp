#include "decodedview.h"

#include "common/errorbanner.h"
#include "pytreemodel.h"
#include "valuerenderer.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabBar>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace cachescope {

namespace {

QPlainTextEdit *viewer(const char *name, bool monospace, bool wrap)
{
    auto *e = new QPlainTextEdit;
    e->setObjectName(QLatin1StringView(name));
    e->setReadOnly(true);
    e->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    if (monospace)
        e->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return e;
}

QLabel *note(const char *name)
{
    auto *l = new QLabel;
    l->setObjectName(QLatin1StringView(name));
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    l->hide();
    return l;
}

QWidget *withNote(QWidget *main, QLabel *note)
{
    auto *w = new QWidget;
    auto *l = new QVBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(note);
    l->addWidget(main, 1);
    return w;
}

void setNote(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

} // namespace

DecodedView::DecodedView(QWidget *parent) : QWidget(parent)
{
    m_danger = new ErrorBanner;
    m_danger->setObjectName(QStringLiteral("dangerBanner"));
    m_decodeError = new ErrorBanner;
    m_decodeError->setObjectName(QStringLiteral("decodeErrorBanner"));
    m_readNote = note("readNote");

    m_response = viewer("responseView", true, true);
    m_treeModel = new PyTreeModel(this);
    m_tree = new QTreeView;
    m_tree->setObjectName(QStringLiteral("valueTree"));
    m_tree->setModel(m_treeModel);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->header()->setStretchLastSection(true);
    const int em = fontMetrics().horizontalAdvance(QLatin1Char('M'));
    m_tree->header()->resizeSection(PyTreeModel::NameColumn, em * 12);
    m_tree->header()->resizeSection(PyTreeModel::TypeColumn, em * 14);
    m_repr = viewer("reprView", true, true);
    m_reprNote = note("reprNote");
    m_json = viewer("jsonView", true, false);
    m_text = viewer("textView", false, true);
    m_textNote = note("textNote");
    m_hex = viewer("hexView", true, false);
    m_hexNote = note("hexNote");

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("valueTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->insertTab(ResponseTab, m_response, tr("Response"));
    m_tabs->insertTab(TreeTab, m_tree, tr("Tree"));
    m_tabs->insertTab(PythonTab, withNote(m_repr, m_reprNote), tr("Python"));
    m_tabs->insertTab(JsonTab, m_json, tr("JSON"));
    m_tabs->insertTab(TextTab, withNote(m_text, m_textNote), tr("Text"));
    m_tabs->insertTab(HexTab, withNote(m_hex, m_hexNote), tr("Hex"));
    m_tabs->setTabToolTip(PythonTab, tr("repr() of what Django's cache.get() would return"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_danger);
    layout->addWidget(m_decodeError);
    layout->addWidget(m_readNote);
    layout->addWidget(m_tabs, 1);

    connect(m_tabs->tabBar(), &QTabBar::tabBarClicked, this, [this] { m_userPickedTab = true; });
    connect(m_treeModel, &QAbstractItemModel::modelReset, this, [this] {
        // Open the value and its first level: what an operator looks at first.
        const QModelIndex root = m_treeModel->index(0, 0);
        if (root.isValid())
            m_tree->expand(root);
    });
    clear();
}

DecodedView::~DecodedView() = default;

void DecodedView::clear()
{
    m_danger->hide();
    m_decodeError->hide();
    m_readNote->hide();
    m_treeModel->setTree({});
    for (QPlainTextEdit *e : {m_response, m_repr, m_json, m_text, m_hex})
        e->clear();
}

DecodedView::Tab DecodedView::preferredTab(const RenderedValue &r) const
{
    if (!r.response.isEmpty())
        return ResponseTab;
    switch (r.decoded.format) {
    case ValueFormat::Pickle:
    case ValueFormat::Msgpack:
        return PythonTab;
    case ValueFormat::Json:
        return JsonTab;
    case ValueFormat::Text:
    case ValueFormat::Integer:
    case ValueFormat::Bool:
        return TextTab;
    case ValueFormat::Empty:
    case ValueFormat::Binary:
        break;
    }
    return HexTab;
}

void DecodedView::showValue(const RenderedValue &r)
{
    if (!r.danger.isEmpty()) {
        m_danger->showMessage(r.danger + QLatin1Char('\n') + r.dangerDetails, ErrorBanner::Level::Error);
        m_danger->setToolTip(r.dangerDetails);
    } else {
        m_danger->hide();
    }
    if (!r.decodeError.isEmpty())
        m_decodeError->showMessage(
            tr("Decoding stopped: %1\nThe tabs show what could be read.").arg(r.decodeError),
            ErrorBanner::Level::Warning);
    else
        m_decodeError->hide();
    setNote(m_readNote, r.readNote);

    m_tabs->setTabVisible(ResponseTab, !r.response.isEmpty());
    m_response->setPlainText(r.response);
    m_treeModel->setTree(r.decoded.tree);
    m_repr->setPlainText(r.repr);
    setNote(m_reprNote, r.reprNote);
    m_json->setPlainText(r.json.isEmpty() ? r.jsonProblem : r.json);
    m_json->setEnabled(!r.json.isEmpty());
    m_text->setPlainText(r.text);
    setNote(m_textNote, r.textNote);
    m_hex->setPlainText(r.hex);
    setNote(m_hexNote, r.hexNote);

    // The tab that suits the value, unless the user chose one that still has something to show.
    const int current = m_tabs->currentIndex();
    const bool keep =
        m_userPickedTab && m_tabs->isTabVisible(current) && (current != JsonTab || !r.json.isEmpty());
    if (!keep)
        m_tabs->setCurrentIndex(preferredTab(r));
}

QString DecodedView::text() const
{
    return m_text->toPlainText();
}

QString DecodedView::reprText() const
{
    return m_repr->toPlainText();
}

} // namespace cachescope
