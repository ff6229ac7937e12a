#pragma once
// Shown in place of the panels while no connection is saved: the three ways to start
// (the live demo, a new connection, import from a Django project). Only emits what was
// chosen; MainWindow acts on it.

#include <QWidget>

class QCommandLinkButton;
class QLabel;

namespace cachescope {

class WelcomePanel : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePanel(QWidget *parent = nullptr);

    // "The demo is not running: start it with ./installers/demo.sh", under the buttons.
    void showDemoHint();
    bool isDemoHintVisible() const;

Q_SIGNALS:
    void demoRequested();
    void newConnectionRequested();
    void importRequested();

private:
    QLabel *m_hint = nullptr;
};

} // namespace cachescope
