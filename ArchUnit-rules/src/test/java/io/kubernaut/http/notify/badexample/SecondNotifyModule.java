package io.kubernaut.http.notify.badexample;

import dagger.Module;

/** Deliberately bad: a second public Dagger module in the notification sub-module. Only the rules' self-test imports it. */
@Module
public final class SecondNotifyModule {
  private SecondNotifyModule() {}
}
