#include "loader/large_stack.h"

#include <pthread.h>

#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>

namespace stgvm {
namespace {

struct Job {
  const std::function<void()>* fn;
  std::exception_ptr error;
};

void* trampoline(void* arg) {
  Job* job = static_cast<Job*>(arg);
  try {
    (*job->fn)();
  } catch (...) {
    job->error = std::current_exception();
  }
  return nullptr;
}

}  // namespace

void run_with_large_stack(const std::function<void()>& fn, size_t stack_bytes) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack_bytes);
  Job job{&fn, nullptr};
  pthread_t t;
  int rc = pthread_create(&t, &attr, trampoline, &job);
  pthread_attr_destroy(&attr);
  if (rc != 0) throw std::runtime_error(std::string("cannot start the worker thread: ") + std::strerror(rc));
  pthread_join(t, nullptr);
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace stgvm
