package dev.feedloop.bench; final class Placeholder {}
