#pragma once
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>

#include "attnscope/io/worker_protocol.h"

namespace attnscope {

// The window's side of `attnscope worker`: starts the process when a point needs it, keeps it warm between
// points, sends one point at a time and turns whatever happens to the process into an answer for that
// point. A crash, a kill (OOM killer, signal 9) or a line that is not the protocol becomes an error row for
// the point it was running, and the next point starts a fresh process.
class MeasuringWorker : public QObject {
    Q_OBJECT
public:
    // After a cancel request, how long the worker may take to stop before it is killed.
    static constexpr int kStopGraceMs = 120;

    explicit MeasuringWorker(QString program, QStringList arguments, QObject* parent = nullptr);
    ~MeasuringWorker() override;

    // Sends the point; exactly one of pointMeasured, pointCancelled or failedToStart follows. `cpus` is the
    // worker's --cpus list; a different list restarts the process pinned to it (empty: unpinned).
    void run(const BenchmarkPoint& point, const InputPaths& inputs, const RunnerOptions& options,
             const QString& cpus);
    // Stops the running point within kStopGraceMs, killing the process if it must.
    void cancel();
    bool isBusy() const { return busy_; }
    // The running process's id, 0 when none runs (tests kill it).
    qint64 processId() const;

signals:
    // `result` is an error row when the point could not run or the process ended; from/to are the
    // steadySeconds() interval the worker measured in (0 when it ended abnormally).
    void pointMeasured(const attnscope::BenchmarkResult& result, double from, double to);
    void pointCancelled();
    // The program is missing or will not start: the caller measures in-process from now on.
    void failedToStart(const QString& reason);

private:
    void startProcess(const QString& cpus);
    void onReadyRead();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    void answer(const WorkerMessage& message);
    void failPoint(const QString& why, bool kill);
    void stopProcess();

    QString program_;
    QStringList arguments_;
    QProcess* process_ = nullptr;
    QString cpus_;
    QTimer* killTimer_ = nullptr;
    bool busy_ = false;
    bool cancelling_ = false;
    std::uint64_t nextId_ = 1;
    std::uint64_t currentId_ = 0;
    BenchmarkPoint current_;
};

}  // namespace attnscope
