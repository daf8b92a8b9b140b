/**
 * The pure core of Kubernaut: behaviour only, no I/O, no framework, no wall clock.
 * Use-case services here implement {@code io.kubernaut.ports.in} and talk to the world through
 * {@code io.kubernaut.ports.out}.
 */
package io.kubernaut.core;
