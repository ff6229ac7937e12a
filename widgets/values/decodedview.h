#pragma once
// The tabs of a decoded string value: Response (Django responses from cache_page only),
// Tree, Python, JSON, Text, Hex. Above them a red banner when the pickle would run code
// if it were unpickled, and a warning naming the byte offset and opcode where decoding
// stopped; the other tabs keep showing what was read.
//
// It only displays a RenderedValue made on a worker thread (valuerenderer.h); the Tree tab's
// model expands the shared value tree lazily on the GUI thread.

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTreeView;

namespace cachescope {

class ErrorBanner;
class PyTreeModel;
struct RenderedValue;

class DecodedView : public QWidget
{
    Q_OBJECT
public:
    enum Tab
    {
        ResponseTab,
        TreeTab,
        PythonTab,
        JsonTab,
        TextTab,
        HexTab,
        TabCount
    };

    explicit DecodedView(QWidget *parent = nullptr);
    ~DecodedView() override;

    void showValue(const RenderedValue &r);
    void clear();

    QString text() const;     // Text tab
    QString reprText() const; // Python tab
    QTabWidget *tabs() const { return m_tabs; }
    PyTreeModel *treeModel() const { return m_treeModel; }

private:
    Tab preferredTab(const RenderedValue &r) const;

    bool m_userPickedTab = false;
    ErrorBanner *m_danger = nullptr;
    ErrorBanner *m_decodeError = nullptr;
    QLabel *m_readNote = nullptr;
    QTabWidget *m_tabs = nullptr;
    QPlainTextEdit *m_response = nullptr;
    QTreeView *m_tree = nullptr;
    PyTreeModel *m_treeModel = nullptr;
    QPlainTextEdit *m_repr = nullptr;
    QLabel *m_reprNote = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QLabel *m_textNote = nullptr;
    QPlainTextEdit *m_hex = nullptr;
    QLabel *m_hexNote = nullptr;
};

} // namespace cachescope
