package dev.halfday.app;
public class HalfdayApp { public static void main(String[] a){ } }
