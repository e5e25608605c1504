package io.credence.rules.application;

/** Employment status as stated on the application. */
public enum EmploymentStatus {
    EMPLOYED,
    SELF_EMPLOYED,
    UNEMPLOYED,
    RETIRED,
    STUDENT
}
